package dev.threshold.gateway.routing;

import dev.threshold.gateway.testing.FakeUpstreams;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static dev.threshold.gateway.testing.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@WithTestResource(FakeUpstreams.class)
class UpstreamFailureTest {

    @Test
    void answersRegionUnavailableWithinASecondWhenUpstreamRefusesConnections() {
        long start = System.nanoTime();
        Response response = given().header("X-Region", FakeUpstreams.REFUSING_REGION).get("/api/v2/users/me");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertProblem(response, 503, "region_unavailable");
        assertThat(took).isLessThan(Duration.ofSeconds(1));
        given().header("X-Region", "eu-central-1").get("/api/v2/users/me").then().statusCode(200);
    }

    @Test
    void keepsOtherRegionsWorkingWhenOneRegionDoesNotAcceptConnections() {
        long start = System.nanoTime();
        CompletableFuture<Response> stalled = CompletableFuture.supplyAsync(() ->
                given().header("X-Region", FakeUpstreams.STALLED_REGION).post("/api/v2/invitations"));
        for (int i = 0; i < 5; i++) {
            given().header("X-Region", "ap-southeast-2").get("/api/v2/invitations").then().statusCode(200);
        }
        Response response = stalled.join();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertProblem(response, 503, "region_unavailable");
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(FakeUpstreams.CONNECT_TIMEOUT_MILLIS))
                .isLessThan(Duration.ofMillis(FakeUpstreams.CONNECT_TIMEOUT_MILLIS + 1000));
    }

    @Test
    void answersUpstreamTimeoutWhenUpstreamStaysSilent() {
        long start = System.nanoTime();
        Response response = given().header("X-Region", "us-west-2").get(FakeUpstreams.SILENT_PATH);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertProblem(response, 504, "upstream_timeout");
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(FakeUpstreams.RESPONSE_TIMEOUT_MILLIS))
                .isLessThan(Duration.ofMillis(FakeUpstreams.RESPONSE_TIMEOUT_MILLIS + 2000));
        given().header("X-Region", "us-west-2").get("/api/v2/users/me").then().statusCode(200);
    }
}
