package dev.threshold.mfa.info;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.threshold.common.testing.ManagementInterface;
import io.quarkus.test.junit.QuarkusTest;
import org.awaitility.Awaitility;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** mfa-service stands on the shared foundation: its schema, health, metrics, problems. */
@QuarkusTest
class MfaServiceFoundationTest {

    @Test
    void reportsItsServiceAndRegion() {
        given().get("/api/v2/mfa/service-info").then().statusCode(200)
                .body("service", equalTo("mfa-service")).body("region", equalTo("us-east-1"));
    }

    @Test
    void isReadyWhenDatabaseAndBrokerAreUp() {
        // resolved on the test thread: Awaitility polls on its own thread, outside the app's class loader
        String management = ManagementInterface.baseUri();
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given()
                .baseUri(management).get("/q/health/ready").then()
                .statusCode(200)
                .body("checks.find { it.name == 'event-broker' }.status", equalTo("UP"))
                .body("checks.find { it.name.contains('Reactive PostgreSQL') }.status", equalTo("UP")));
        given().baseUri(management).get("/q/health/live").then().statusCode(200);
    }

    @Test
    void answersProblemJsonWhenPathUnknownOrMethodWrong() {
        given().header("Accept-Language", "es").get("/api/v2/mfa/nothing").then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("not_found"))
                .body("detail", equalTo("El recurso solicitado no existe."));
        given().post("/api/v2/mfa/service-info").then().statusCode(405)
                .contentType("application/problem+json").body("code", equalTo("method_not_allowed"));
    }

    @Test
    void servesMetricsAndOpenApi() {
        given().baseUri(ManagementInterface.baseUri()).get("/q/metrics")
                .then().statusCode(200).body(containsString("threshold_outbox_published"));
        given().baseUri(ManagementInterface.baseUri()).get("/q/openapi?format=json")
                .then().statusCode(200).body(containsString("/api/v2/mfa/service-info"));
    }

    @Test
    void answersNotFoundWhenPublicPortIsAskedForOperatorEndpoints() {
        ManagementInterface.assertOperatorEndpointsOnlyHere();
    }
}
