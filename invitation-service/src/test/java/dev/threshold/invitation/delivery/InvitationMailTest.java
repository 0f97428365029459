package dev.threshold.invitation.delivery;

import static dev.threshold.invitation.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.threshold.invitation.support.Api;
import dev.threshold.common.testing.BrokerTap;
import dev.threshold.invitation.support.MailServer;
import dev.threshold.invitation.support.Mails;
import dev.threshold.invitation.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real email, read from GreenMail, and its link followed like the invitee would. */
@QuarkusTest
class InvitationMailTest {

    private static final Duration MAIL = Duration.ofSeconds(20);

    @Test
    void sendsGermanInvitationNamingOrgAndInviterAndFollowsTheLinkToRedemption() throws Exception {
        TestData.Org org = TestData.org();
        String email = org.email("ada");
        String id = as(org.adminToken()).body(Api.invitation(email, "Ada Lovelace", List.of("admin"), "de"))
                .post("/api/v2/invitations").then().statusCode(201).extract().path("id");

        MimeMessage mail = MailServer.awaitMessageTo(email, MAIL);
        String inviter = "admin@" + org.id() + ".test";
        assertThat(Mails.subject(mail)).isEqualTo(inviter + " hat Sie zu " + org.name() + " auf Threshold eingeladen");
        assertThat(((InternetAddress) mail.getFrom()[0]).getAddress()).isEqualTo("no-reply@threshold.local");
        assertThat(((InternetAddress) mail.getFrom()[0]).getPersonal()).isEqualTo("Threshold");
        String text = Mails.text(mail);
        assertThat(text).contains("Hallo Ada Lovelace,", inviter + " hat Sie eingeladen, der Organisation " + org.name(),
                "Junk- oder Spam-Ordner", "no-reply@threshold.local", "(UTC)");
        String html = Mails.html(mail);
        assertThat(html).contains("<html lang=\"de\">", "Einladung annehmen", "Junk- oder Spam-Ordner")
                .contains("http://localhost:8080/invite?token=").contains("&amp;region=us-east-1");

        String token = Mails.token(mail);
        assertThat(text).contains("http://localhost:8080/invite?token=" + token + "&region=us-east-1");
        assertThat(TestData.count("select count(*) from invitation.invitation where token_hash = ?", token)).isZero();

        Api.lookup(token).statusCode(200)
                .body("email", equalTo(email))
                .body("name", equalTo("Ada Lovelace"))
                .body("orgName", equalTo(org.name()))
                .body("region", equalTo("us-east-1"))
                .body("ssoOnly", equalTo(false))
                .body("passwordPolicy.minLength", equalTo(8))
                .body("passwordPolicy.requireSymbol", equalTo(true))
                .body("expiresAt", notNullValue());

        try (BrokerTap tap = BrokerTap.listen("invitation.accepted")) {
            Api.redeem(token).statusCode(200)
                    .body("invitationId", equalTo(id))
                    .body("orgId", equalTo(org.id().toString()))
                    .body("email", equalTo(email))
                    .body("name", equalTo("Ada Lovelace"))
                    .body("roles", contains("admin"))
                    .body("locale", equalTo("de"));
            JsonNode event = tap.await(e -> id.equals(e.path("subject").asText()), MAIL);
            assertThat(event.path("type").asText()).isEqualTo("threshold.invitation.accepted.v1");
            assertThat(event.path("orgid").asText()).isEqualTo(org.id().toString());
            assertThat(event.path("data").path("invitationId").asText()).isEqualTo(id);
            assertThat(event.path("data").path("email").asText()).isEqualTo(email);
            assertThat(event.toString()).doesNotContain(token);
        }
        Api.lookup(token).statusCode(410).contentType("application/problem+json").body("code", equalTo("invitation_used"));
        Api.redeem(token).statusCode(410).body("code", equalTo("invitation_used"));
    }

    @Test
    void sendsJapaneseInvitation() {
        TestData.Org org = TestData.org();
        String email = org.email("hanako");
        as(org.adminToken()).body(Api.invitation(email, "山田 花子", null, "ja")).post("/api/v2/invitations").then()
                .statusCode(201);

        MimeMessage mail = MailServer.awaitMessageTo(email, MAIL);
        assertThat(Mails.subject(mail)).isEqualTo("admin@" + org.id() + ".test から Threshold の " + org.name() + " に招待されました");
        assertThat(Mails.text(mail)).contains("山田 花子 様", "組織「" + org.name() + "」への招待", "迷惑メールフォルダ",
                "パスワードを設定");
        assertThat(Mails.html(mail)).contains("<html lang=\"ja\">", "招待を承諾する");
        Api.lookup(Mails.token(mail)).statusCode(200).body("email", equalTo(email));
    }

    @Test
    void speaksTheInvitationsLanguageElseTheOrgsInEveryLanguageOfTheWebApp() {
        TestData.Org french = TestData.org(TestData.DEFAULT_SETTINGS.replace("\"defaultLocale\":\"en\"", "\"defaultLocale\":\"fr\""));
        String italian = french.email("it");
        as(french.adminToken()).body(Api.invitation(italian, "Lucia", null, "it")).post("/api/v2/invitations").then()
                .statusCode(201);
        MimeMessage inItalian = MailServer.awaitMessageTo(italian, MAIL);
        assertThat(Mails.subject(inItalian)).contains("ti ha invitato a unirti a " + french.name());
        assertThat(Mails.html(inItalian)).contains("<html lang=\"it\">", "Accetta l&#39;invito");

        TestData.Org dutch = TestData.org(TestData.DEFAULT_SETTINGS.replace("\"defaultLocale\":\"en\"", "\"defaultLocale\":\"nl\""));
        String noLanguage = dutch.email("nl");
        as(dutch.adminToken()).body(Api.invitation(noLanguage, "Daan", null, null)).post("/api/v2/invitations").then()
                .statusCode(201);
        MimeMessage mail = MailServer.awaitMessageTo(noLanguage, MAIL);
        assertThat(Mails.subject(mail)).isEqualTo("admin@" + dutch.id() + ".test heeft je uitgenodigd voor " + dutch.name() + " op Threshold");
        assertThat(Mails.text(mail)).contains("map met ongewenste e-mail of spam");
    }

    @Test
    void tellsSsoOnlyInviteesToSignInWithTheirIdentityProvider() {
        TestData.Org org = TestData.org(TestData.DEFAULT_SETTINGS.replace("\"ssoOnly\":false", "\"ssoOnly\":true"));
        String email = org.email("sso");
        as(org.adminToken()).body(Api.invitation(email, "Sam", null, "en")).post("/api/v2/invitations").then()
                .statusCode(201);
        MimeMessage mail = MailServer.awaitMessageTo(email, MAIL);
        assertThat(Mails.text(mail)).contains("sign in with the single sign-on of " + org.name())
                .doesNotContain("choose your password");
        Api.lookup(Mails.token(mail)).statusCode(200).body("ssoOnly", equalTo(true));
    }

    @Test
    void escapesMarkupInNamesOfTheHtmlPart() {
        TestData.Org org = TestData.org();
        String email = org.email("markup");
        as(org.adminToken()).body(Api.invitation(email, "<b>Bold</b> & Co", null, "en")).post("/api/v2/invitations")
                .then().statusCode(201);
        MimeMessage mail = MailServer.awaitMessageTo(email, MAIL);
        assertThat(Mails.html(mail)).contains("&lt;b&gt;Bold&lt;/b&gt; &amp; Co").doesNotContain("<b>Bold</b>");
        assertThat(Mails.text(mail)).contains("Hello <b>Bold</b> & Co,");
    }
}
