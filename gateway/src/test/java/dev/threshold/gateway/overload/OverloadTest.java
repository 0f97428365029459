package dev.threshold.gateway.overload;

import dev.threshold.gateway.testing.FakeUpstreams;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.threshold.gateway.testing.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The in-flight limit: requests are held unanswered by a fake service until the test lets them go, so the bound is
 * reached deterministically, without timing.
 */
@QuarkusTest
@TestProfile(OverloadTest.TwoInFlight.class)
@WithTestResource(FakeUpstreams.class)
class OverloadTest {

    /** At most two requests in flight; patient with upstreams, so only the test ends a held request. */
    public static class TwoInFlight implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("threshold.gateway.overload.max-in-flight", "2",
                    "threshold.gateway.upstream.response-timeout", "60s");
        }
    }

    @TestHTTPResource("/")
    URL gateway;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void releaseHeld() throws Exception {
        fakeService(FakeUpstreams.HOLD_RELEASE_PATH);
    }

    @Test
    void answersOverloadedWithRetryAfterWhenMaxRequestsAreInFlight() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> holding = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            holding.add(client.sendAsync(HttpRequest.newBuilder(URI.create(gateway + FakeUpstreams.HOLD_PATH.substring(1)))
                    .header("X-Region", "us-east-1").timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> fakeService(FakeUpstreams.HOLD_COUNT_PATH).equals("2"));

        Response refused = given().header("X-Region", "us-east-1").header("X-Request-Id", "overload-probe-1")
                .header("Accept-Language", "de").get("/api/v2/users/me");

        assertProblem(refused, 503, "overloaded");
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(refused.header("X-Request-Id")).isEqualTo("overload-probe-1");
        assertThat(refused.header("Content-Language")).isEqualTo("de");
        assertThat(refused.header("X-Content-Type-Options")).isEqualTo("nosniff");
        // the gateway's own answers are limited alike: the limit is checked before anything else
        assertProblem(given().get("/api/v2/regions"), 503, "overloaded");

        assertThat(fakeService(FakeUpstreams.HOLD_RELEASE_PATH)).isEqualTo("2");
        for (CompletableFuture<HttpResponse<String>> response : holding) {
            HttpResponse<String> answered = response.get(20, TimeUnit.SECONDS);
            assertThat(answered.statusCode()).isEqualTo(200);
            assertThat(answered.body()).isEqualTo("released");
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().header("X-Region", "us-east-1").get("/api/v2/users/me").then().statusCode(200));
    }

    @Test
    void admitsRequestsBelowTheBoundWhileOthersAreInFlight() throws Exception {
        CompletableFuture<HttpResponse<String>> holding = client.sendAsync(
                HttpRequest.newBuilder(URI.create(gateway + FakeUpstreams.HOLD_PATH.substring(1)))
                        .header("X-Region", "eu-central-1").timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(20)).until(() -> fakeService(FakeUpstreams.HOLD_COUNT_PATH).equals("1"));

        for (int i = 0; i < 5; i++) {
            given().header("X-Region", "us-east-1").get("/api/v2/users/me").then().statusCode(200);
        }

        fakeService(FakeUpstreams.HOLD_RELEASE_PATH);
        assertThat(holding.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    /** Calls a fake service directly (not through the gateway, whose slots may all be taken). */
    private String fakeService(String path) throws Exception {
        String base = ConfigProvider.getConfig().getValue("threshold.gateway.regions.us-east-1.identity", String.class);
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
