package dev.threshold.gateway.requestid;

import dev.threshold.gateway.testing.FakeUpstreams;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static dev.threshold.gateway.testing.ProblemAssertions.assertProblem;
import static dev.threshold.gateway.testing.ProblemAssertions.json;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@WithTestResource(FakeUpstreams.class)
class RequestIdTest {

    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private final List<ExtLogRecord> accessLog = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            ExtLogRecord extended = (ExtLogRecord) record;
            // The MDC is read lazily; take it now, on the thread that logged.
            extended.copyAll();
            accessLog.add(extended);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureAccessLog() {
        Logger.getLogger("dev.threshold.gateway.access").addHandler(capture);
    }

    @AfterEach
    void releaseAccessLog() {
        Logger.getLogger("dev.threshold.gateway.access").removeHandler(capture);
    }

    @Test
    void generatesRequestIdAndForwardsItWhenNoneIsSent() {
        Response response = given().header("X-Region", "us-east-1").get("/api/v2/users/me");

        String id = response.header("X-Request-Id");
        assertThat(id).matches(UUID);
        assertThat(response.headers().getValues("X-Request-Id")).hasSize(1);
        assertThat(json(response).getString("requestId")).isEqualTo(id);
    }

    @Test
    void keepsRequestIdWhenItIsWellFormed() {
        String id = "spa.Req-0001_" + "x".repeat(115);
        Response response = given().header("X-Region", "eu-central-1").header("X-Request-Id", id)
                .get("/api/v2/mfa/devices");

        assertThat(response.header("X-Request-Id")).isEqualTo(id);
        assertThat(json(response).getString("requestId")).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"has spaces", "semi;colon", "new\\nline", "<script>", "ü-umlaut"})
    void replacesRequestIdWhenItIsMalformed(String malformed) {
        Response response = given().header("X-Region", "eu-central-1").header("X-Request-Id", malformed)
                .get("/api/v2/users/me");

        assertThat(response.header("X-Request-Id")).matches(UUID);
        assertThat(json(response).getString("requestId")).isEqualTo(response.header("X-Request-Id"));
    }

    @Test
    void replacesRequestIdWhenItIsTooLong() {
        Response response = given().header("X-Region", "eu-central-1").header("X-Request-Id", "a".repeat(129))
                .get("/api/v2/users/me");

        assertThat(response.header("X-Request-Id")).matches(UUID);
    }

    @Test
    void returnsRequestIdWhenTheGatewayAnswersWithAProblem() {
        Response response = given().header("X-Request-Id", "problem-trace-1").get("/api/v2/users/me");

        assertProblem(response, 400, "region_required");
        assertThat(response.header("X-Request-Id")).isEqualTo("problem-trace-1");
        assertThat(json(response).getString("requestId")).isEqualTo("problem-trace-1");
    }

    @Test
    void logsOneAccessLineWithoutQueryStringWhenProxying() {
        String id = "access-log-" + System.nanoTime();
        given().header("X-Request-Id", id)
                .queryParam("token", "very-secret-invitation-token")
                .queryParam("region", "ap-south-1")
                .get("/api/v2/invitations/lookup")
                .then().statusCode(200);

        await().atMost(Duration.ofSeconds(5)).until(() -> linesFor(id).size() == 1);
        ExtLogRecord line = linesFor(id).get(0);
        assertThat(line.getFormattedMessage())
                .startsWith("GET /api/v2/invitations/lookup 200 region=ap-south-1 service=invitation ")
                .matches(".* \\d+ms$")
                .doesNotContain("very-secret-invitation-token")
                .doesNotContain("?");
    }

    private List<ExtLogRecord> linesFor(String requestId) {
        return accessLog.stream().filter(r -> requestId.equals(r.getMdc(RequestIds.MDC_KEY))).toList();
    }
}
