package dev.threshold.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 point 7, replayed through the gateway: ten concurrent refreshes of one refresh token
 * must not fork the session (all get the same successor), an access token of a logged-out session
 * is refused by identity-service ({@code 401 session_revoked}), and access tokens live at most 5 minutes.
 */
@Order(9)
@DisplayName("Security: refresh races keep one branch; ended sessions' access tokens are refused")
class SessionAttackTest {

    private static final String REGION = "us-east-1";
    private static final String PASSWORD = "Granite-Orchard-93-kettle";
    private static final int TABS = 10;

    @Test
    void concurrentRefreshesShareOneSuccessorAndLogoutKillsTheAccessToken() throws Exception {
        String email = Tenants.createOrg(REGION, "attack").adminEmail();
        Response accepted = Tenants.acceptInvitation(REGION, email, PASSWORD, false);
        assertThat(accepted.statusCode()).as(accepted.asString()).isEqualTo(200);

        // a cookie-less client: the refresh token comes in the body
        Response login = E2e.gateway().header("X-Region", REGION).contentType("application/json")
                .body(Map.of("email", email, "password", PASSWORD, "cookie", false)).post("/api/v2/auth/login");
        assertThat(login.statusCode()).as(login.asString()).isEqualTo(200);
        assertThat(login.jsonPath().getString("status")).isEqualTo("AUTHENTICATED");
        assertThat(login.jsonPath().getInt("expiresIn")).isPositive().isLessThanOrEqualTo(300);
        String refreshToken = login.jsonPath().getString("refreshToken");
        assertThat(refreshToken).isNotBlank();

        // ten tabs refresh with the same token at the same moment: one successor for all
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService tabs = Executors.newFixedThreadPool(TABS);
        List<Future<Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < TABS; i++) {
                answers.add(tabs.submit(() -> {
                    start.await();
                    return refresh(refreshToken);
                }));
            }
            start.countDown();
            List<String> successors = new ArrayList<>();
            for (Future<Response> answer : answers) {
                Response refreshed = answer.get();
                assertThat(refreshed.statusCode()).as(refreshed.asString()).isEqualTo(200);
                assertThat(refreshed.jsonPath().getInt("expiresIn")).isLessThanOrEqualTo(300);
                successors.add(refreshed.jsonPath().getString("refreshToken"));
            }
            assertThat(successors).doesNotContainNull().containsOnly(successors.get(0));
            assertThat(successors.get(0)).isNotEqualTo(refreshToken);
        } finally {
            tabs.shutdown();
        }
        String successor = answers.get(0).get().jsonPath().getString("refreshToken");

        // the successor works (once more), and its access token opens /users/me
        Response next = refresh(successor);
        assertThat(next.statusCode()).as(next.asString()).isEqualTo(200);
        String accessToken = next.jsonPath().getString("accessToken");
        Response me = E2e.gateway().auth().oauth2(accessToken).get("/api/v2/users/me");
        assertThat(me.statusCode()).as(me.asString()).isEqualTo(200);

        // logout: the still unexpired access token is refused by identity-service at once
        Response logout = E2e.gateway().header("X-Region", REGION).contentType("application/json")
                .body(Map.of("refreshToken", next.jsonPath().getString("refreshToken"))).post("/api/v2/auth/logout");
        assertThat(logout.statusCode()).as(logout.asString()).isEqualTo(204);
        E2e.assertProblem(E2e.gateway().auth().oauth2(accessToken).get("/api/v2/users/me"), 401, "session_revoked");
        E2e.assertProblem(refresh(successor), 401, "session_revoked");
    }

    private static Response refresh(String refreshToken) {
        return E2e.gateway().header("X-Region", REGION).contentType("application/json")
                .body(Map.of("refreshToken", refreshToken)).post("/api/v2/auth/refresh");
    }
}
