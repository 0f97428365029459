package dev.threshold.invitation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.threshold.common.testing.ManagementInterface;
import dev.threshold.invitation.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Every failure is problem+json; the service's operational endpoints answer. */
@QuarkusTest
class ProblemJsonTest {

    @Test
    void answersNotFoundProblemForUnknownPaths() {
        for (String path : new String[] {"/api/v2/nothing", "/internal/nothing", "/api/v2/invitations/x/y/z"}) {
            given().auth().oauth2(TestData.org().adminToken()).get(path).then().statusCode(404)
                    .contentType("application/problem+json").body("status", equalTo(404)).body("code", equalTo("not_found"));
        }
    }

    @Test
    void answersMethodNotAllowedProblem() {
        given().delete("/api/v2/invitations/service-info").then().statusCode(405)
                .contentType("application/problem+json").body("code", equalTo("method_not_allowed"));
    }

    @Test
    void servesServiceInfoHealthMetricsAndOpenApi() {
        given().get("/api/v2/invitations/service-info").then().statusCode(200)
                .body("service", equalTo("invitation-service")).body("region", equalTo("us-east-1"));
        given().baseUri(ManagementInterface.baseUri()).get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'event-broker' }.status", equalTo("UP"));
        given().baseUri(ManagementInterface.baseUri()).get("/q/metrics")
                .then().statusCode(200).body(containsString("threshold_invitation_mail"));
        given().baseUri(ManagementInterface.baseUri()).get("/q/openapi?format=json").then().statusCode(200)
                .body(containsString("/api/v2/invitations/bulk")).body(containsString("/internal/invitations/redeem"));
    }

    @Test
    void answersNotFoundWhenPublicPortIsAskedForOperatorEndpoints() {
        ManagementInterface.assertOperatorEndpointsOnlyHere();
    }
}
