package dev.threshold.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Fault suite: identity-service of a region is killed with SIGKILL. mfa-service and
 * invitation-service keep accepting tokens signed with a key they have already seen; a token signed
 * with a key they have not seen (identity-service rotated just before it died) is
 * {@code 503 identity_unavailable} with {@code Retry-After}, never 401 or 500; an mfa-service
 * restarted meanwhile becomes ready without identity-service and answers the same way; once
 * {@code ./threshold up} brought identity-service back, the same tokens work without restarting anything.
 */
@Order(93)
@DisplayName("Fault: identity-service killed -> known keys work, unseen keys 503 identity_unavailable, recovery after ./threshold up")
class FaultIdentityOutageTest {

    private static final String REGION = "us-east-1";
    private static final Duration RECOVERY = Duration.ofSeconds(60);

    @Test
    void identityServiceKilledWhileMfaAndInvitationServiceVerifyTokens() throws Exception {
        String victim = E2e.Service.IDENTITY.process(REGION);
        String mfa = E2e.Service.MFA.process(REGION);
        assumeTrue(Processes.managedHere(victim) && Processes.managedHere(mfa), "system not started by ./threshold here");
        Tenants.Org org = Tenants.newOrg(REGION, "identity-outage");
        String seen = org.admin().accessToken();
        assertThat(devices(seen).statusCode()).isEqualTo(200);
        assertThat(invitations(seen).statusCode()).isEqualTo(200);

        // identity-service rotates its signing key; a token of the new key is not seen anywhere yet
        Response rotated = E2e.gateway().header("X-Region", REGION).auth().oauth2(Tenants.operatorToken())
                .post("/api/v2/keys/rotate");
        assertThat(rotated.statusCode()).as(rotated.asString()).isEqualTo(200);
        String activeKid = rotated.jsonPath().getString("activeKid");
        Response login = Tenants.login(REGION, org.admin().email(), Tenants.PASSWORD, "198.51.100.93");
        assertThat(login.statusCode()).as(login.asString()).isEqualTo(200);
        String unseen = login.jsonPath().getString("accessToken");
        assertThat(kid(unseen)).isEqualTo(activeKid).isNotEqualTo(kid(seen));

        boolean restored = false;
        try {
            Processes.killHard(victim);

            // what they have seen keeps working
            assertThat(devices(seen).statusCode()).isEqualTo(200);
            assertThat(invitations(seen).statusCode()).isEqualTo(200);
            // what they cannot check is 503 with Retry-After, not 401 (the token may be fine) nor 500
            assertIdentityUnavailable(devices(unseen));
            assertIdentityUnavailable(invitations(unseen));

            // a fresh mfa-service starts and is ready without identity-service (restart waits for /q/health/ready);
            // it has seen no key at all yet
            Processes.threshold("restart", mfa);
            assertIdentityUnavailable(devices(seen));
            assertIdentityUnavailable(devices(unseen));
            assertThat(invitations(seen).statusCode()).isEqualTo(200);

            assertThat(Processes.started(Processes.thresholdUp())).containsExactly(victim);
            restored = true;
        } finally {
            if (!restored) {
                Processes.thresholdUp();
            }
        }
        // nothing else restarted: the next requests verify the keys
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(devices(unseen).statusCode()).isEqualTo(200);
            assertThat(devices(seen).statusCode()).isEqualTo(200);
            assertThat(invitations(unseen).statusCode()).isEqualTo(200);
        });
    }

    private static Response devices(String token) {
        return E2e.gateway().auth().oauth2(token).get("/api/v2/mfa/devices");
    }

    private static Response invitations(String token) {
        return E2e.gateway().auth().oauth2(token).get("/api/v2/invitations");
    }

    private static void assertIdentityUnavailable(Response response) {
        E2e.assertProblem(response, 503, "identity_unavailable");
        assertThat(response.header("Retry-After")).as(response.asString()).isNotBlank();
    }

    /** The {@code kid} of a JWT's header. */
    private static String kid(String jwt) {
        String header = new String(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))), StandardCharsets.UTF_8);
        return JsonPath.from(header).getString("kid");
    }
}
