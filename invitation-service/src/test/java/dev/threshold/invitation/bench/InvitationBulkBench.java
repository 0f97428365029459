package dev.threshold.invitation.bench;

import static io.restassured.RestAssured.given;

import dev.threshold.invitation.support.MailServer;
import dev.threshold.invitation.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test (surefire runs only *Test): 10,000 invitations in 10 bulk requests of
 * 1,000, then the time until the SMTP server has accepted every email. Run by
 * {@code bench/invitations/run.sh}; delivery settings are the production defaults.
 */
@QuarkusTest
@TestProfile(InvitationBulkBench.ProductionDelivery.class)
class InvitationBulkBench {

    static final int BULKS = Integer.getInteger("bench.bulks", 10);
    static final int PER_BULK = 1000;

    public static class ProductionDelivery implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("threshold.invitations.delivery.interval", "1s",
                    "threshold.invitations.delivery.initial-backoff", "30s",
                    "threshold.invitations.delivery.max-backoff", "1h",
                    "threshold.invitations.delivery.max-attempts", "10");
        }
    }

    @Test
    void createsTenThousandInvitationsAndDeliversEveryEmail() throws Exception {
        TestData.Org org = TestData.org();
        String token = org.adminToken();
        int total = BULKS * PER_BULK;
        List<Long> bulkMillis = new ArrayList<>();

        Instant start = Instant.now();
        for (int b = 0; b < BULKS; b++) {
            List<Map<String, Object>> rows = new ArrayList<>(PER_BULK);
            for (int i = 0; i < PER_BULK; i++) {
                rows.add(Map.of("email", "bench-" + b + "-" + i + "@" + org.domain(), "name", "Bench " + i,
                        "roles", List.of("user"), "locale", "en"));
            }
            Instant sent = Instant.now();
            given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("invitations", rows))
                    .post("/api/v2/invitations/bulk").then().statusCode(200);
            bulkMillis.add(Duration.between(sent, Instant.now()).toMillis());
        }
        Duration created = Duration.between(start, Instant.now());

        Awaitility.await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> delivered(org.domain()) >= total);
        Duration allDelivered = Duration.between(start, Instant.now());

        bulkMillis.sort(Long::compare);
        String line = String.format("| %s | %d | %.1f s | %.1f s | %d ms | %d ms | %.0f /s |",
                Instant.now().toString().substring(0, 16), total, created.toMillis() / 1000.0,
                allDelivered.toMillis() / 1000.0, bulkMillis.get(bulkMillis.size() / 2),
                bulkMillis.get(bulkMillis.size() - 1), total / (allDelivered.toMillis() / 1000.0));
        System.out.println("BENCH " + line);
        Path out = Path.of(System.getProperty("bench.out", "target/invitation-bench.md"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, line + System.lineSeparator());
    }

    private static long delivered(String domain) {
        return MailServer.countTo(domain);
    }

}
