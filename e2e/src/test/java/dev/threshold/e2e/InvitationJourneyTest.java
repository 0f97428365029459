package dev.threshold.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.response.Response;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Through the gateway with both regions up: the operator creates an organization in
 * eu-central-1, its first admin receives the invitation email in the admin's language with a
 * link that carries the region, the link's token is good for the set-password page, and the data
 * lives only in the eu-central-1 database.
 */
@Order(5)
@DisplayName("Operator creates an org in eu-central-1; the admin's invitation arrives")
class InvitationJourneyTest {

    private static final Pattern LINK = Pattern.compile("(http://localhost:8080/invite\\?token=([A-Za-z0-9_-]+)&region=([a-z0-9-]+))");

    @Test
    void invitesFirstAdminInTheirLanguageWithARegionLink() throws Exception {
        String name = "acme-" + UUID.randomUUID().toString().substring(0, 8);
        String adminEmail = "ada-" + UUID.randomUUID() + "@acme.test";

        Response created = E2e.gateway().header("X-Region", "eu-central-1").auth().oauth2(operatorToken())
                .contentType("application/json")
                .body(Map.of("name", name, "adminEmail", adminEmail, "adminName", "Ada Lovelace", "locale", "de"))
                .post("/api/v2/orgs");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        assertThat(created.jsonPath().getString("region")).isEqualTo("eu-central-1");
        String orgId = created.jsonPath().getString("id");

        AtomicReference<String[]> mail = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    mail.set(readOnlyMail(adminEmail));
                    assertThat(mail.get()).isNotNull();
                });
        String subject = mail.get()[0];
        String text = mail.get()[1];
        assertThat(subject).contains(name).contains("eingeladen");
        assertThat(text).contains("Junk- oder Spam-Ordner");
        Matcher link = LINK.matcher(text);
        assertThat(link.find()).as("invitation link in: %s", text).isTrue();
        assertThat(link.group(3)).isEqualTo("eu-central-1");
        String token = link.group(2);

        // the browser follows the link: the region rides in the query, no header needed
        Response lookup = E2e.gateway().queryParam("token", token).queryParam("region", link.group(3))
                .get("/api/v2/invitations/lookup");
        assertThat(lookup.statusCode()).as(lookup.asString()).isEqualTo(200);
        assertThat(lookup.jsonPath().getString("email")).isEqualToIgnoringCase(adminEmail);
        assertThat(lookup.jsonPath().getString("orgName")).isEqualTo(name);
        assertThat(lookup.jsonPath().getString("region")).isEqualTo("eu-central-1");
        assertThat(lookup.jsonPath().getBoolean("ssoOnly")).isFalse();

        // the same token is unknown in the other region
        E2e.assertProblem(E2e.gateway().queryParam("token", token).queryParam("region", "us-east-1")
                .get("/api/v2/invitations/lookup"), 404, "invitation_not_found");

        assertThat(count("threshold_eu_central_1", "select count(*) from identity.organization where id = ?::uuid", orgId)).isEqualTo(1);
        assertThat(count("threshold_us_east_1", "select count(*) from identity.organization where id = ?::uuid", orgId)).isZero();
        assertThat(count("threshold_eu_central_1", "select count(*) from invitation.invitation where org_id = ?::uuid", orgId)).isEqualTo(1);
        assertThat(count("threshold_us_east_1", "select count(*) from invitation.invitation where org_id = ?::uuid", orgId)).isZero();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(count("threshold_eu_central_1",
                "select count(*) from identity.app_user where org_id = ?::uuid and state = 'INVITED'", orgId)).isEqualTo(1));
        assertThat(count("threshold_us_east_1", "select count(*) from identity.app_user where org_id = ?::uuid", orgId)).isZero();
    }

    static String operatorToken() throws IOException {
        String fromEnv = System.getenv("THRESHOLD_OPERATOR_TOKEN");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        Path file = E2e.ROOT.resolve(".threshold/secrets/operator-token");
        return Files.readString(file).trim();
    }

    /** Subject and plain-text body of the single message in the recipient's inbox, or null. */
    static String[] readOnlyMail(String recipient) throws Exception {
        Properties props = new Properties();
        props.put("mail.imap.connectiontimeout", "5000");
        props.put("mail.imap.timeout", "5000");
        Store store = Session.getInstance(props).getStore("imap");
        store.connect(E2e.MAIL_HOST, E2e.IMAP_PORT, recipient, recipient);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                Message[] messages = inbox.getMessages();
                if (messages.length == 0) {
                    return null;
                }
                assertThat(messages).as("one invitation mail").hasSize(1);
                return new String[] {messages[0].getSubject(), plainText(messages[0])};
            } finally {
                inbox.close(false);
            }
        } finally {
            store.close();
        }
    }

    private static String plainText(Part part) throws Exception {
        if (part.isMimeType("text/plain")) {
            return part.getContent().toString();
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                String text = plainText(multipart.getBodyPart(i));
                if (text != null) {
                    return text;
                }
            }
        }
        return null;
    }

    static long count(String database, String sql, String arg) throws SQLException {
        try (Connection connection = RegionDatabasesTest.connect(database, "postgres");
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, arg);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
