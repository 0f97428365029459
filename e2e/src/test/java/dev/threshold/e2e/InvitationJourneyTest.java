package dev.threshold.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
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

        Response created = E2e.gateway().header("X-Region", "eu-central-1").auth().oauth2(Tenants.operatorToken())
                .contentType("application/json")
                .body(Map.of("name", name, "adminEmail", adminEmail, "adminName", "Ada Lovelace", "locale", "de"))
                .post("/api/v2/orgs");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        assertThat(created.jsonPath().getString("region")).isEqualTo("eu-central-1");
        String orgId = created.jsonPath().getString("id");

        AtomicReference<String[]> mail = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    mail.set(Mailbox.only(adminEmail));
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
