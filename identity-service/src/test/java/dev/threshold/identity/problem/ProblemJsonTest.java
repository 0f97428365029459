package dev.threshold.identity.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.threshold.common.testing.ManagementInterface;
import dev.threshold.identity.support.Operator;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** Every failure is problem+json with a stable code and no internals. */
@QuarkusTest
class ProblemJsonTest {

    @Test
    void answersNotFoundWhenPathUnknown() {
        for (String path : new String[] {"/api/v2/does-not-exist", "/nothing-here", "/api/v2/orgs/x/y/z"}) {
            given().when().get(path).then().statusCode(404)
                    .contentType("application/problem+json")
                    .body("code", equalTo("not_found"))
                    .body("status", equalTo(404))
                    .body("type", equalTo("urn:threshold:problem:not_found"))
                    .body("title", equalTo("Not found"));
        }
    }

    @Test
    void answersMethodNotAllowedWhenMethodWrong() {
        given().when().delete("/api/v2/service-info").then().statusCode(405)
                .contentType("application/problem+json").body("code", equalTo("method_not_allowed"));
    }

    @Test
    void answersUnsupportedMediaTypeWhenBodyIsNotJson() {
        given().auth().oauth2(Operator.TOKEN).contentType(ContentType.TEXT).body("name=acme")
                .post("/api/v2/orgs").then().statusCode(415)
                .contentType("application/problem+json").body("code", equalTo("unsupported_media_type"));
    }

    @Test
    void answersMalformedJsonWithoutParserDetails() {
        given().auth().oauth2(Operator.TOKEN).contentType(ContentType.JSON).body("{\"name\": ")
                .post("/api/v2/orgs").then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("malformed_json"))
                .body(not(containsString("Exception")))
                .body(not(containsString("jackson")));
        String admin = dev.threshold.identity.support.Tokens.admin(java.util.UUID.randomUUID().toString());
        for (String truncated : new String[] {"{\"settings\": {\"passwordPolicy\": ", "{\"settings\": {\"mfaRequired\": true, "}) {
            given().auth().oauth2(admin).contentType(ContentType.JSON).body(truncated)
                    .patch("/api/v2/orgs/me").then().statusCode(400).body("code", equalTo("malformed_json"));
        }
    }

    @Test
    void localizesDetailWhenAcceptLanguageIsGerman() {
        given().header("Accept-Language", "de-DE,de;q=0.9,en;q=0.5").when().get("/api/v2/does-not-exist")
                .then().statusCode(404).body("code", equalTo("not_found")).body("detail", equalTo("Die angeforderte Ressource existiert nicht."));
        given().header("Accept-Language", "fr").when().get("/api/v2/does-not-exist")
                .then().statusCode(404).body("code", equalTo("not_found")).body("detail", equalTo("La ressource demandée n'existe pas."));
        given().header("Accept-Language", "tlh").when().get("/api/v2/does-not-exist")
                .then().statusCode(404).body("code", equalTo("not_found")).body("detail", equalTo("The requested resource does not exist."));
    }

    @Test
    void echoesSafeRequestIdAndReplacesForgedOne() {
        given().header("X-Request-Id", "abc-123").when().get("/api/v2/service-info")
                .then().statusCode(200).header("X-Request-Id", equalTo("abc-123"));
        given().header("X-Request-Id", "evil\r\nline").when().get("/api/v2/service-info")
                .then().statusCode(200).header("X-Request-Id", not(containsString("evil")));
    }

    @Test
    void servesServiceInfoHealthMetricsAndOpenApi() {
        given().when().get("/api/v2/service-info").then().statusCode(200)
                .body("service", equalTo("identity-service")).body("region", equalTo("us-east-1"));
        given().baseUri(ManagementInterface.baseUri()).when().get("/q/health/live").then().statusCode(200);
        given().baseUri(ManagementInterface.baseUri()).when().get("/q/metrics")
                .then().statusCode(200).body(containsString("threshold_outbox_published"));
        given().baseUri(ManagementInterface.baseUri()).when().get("/q/openapi?format=json")
                .then().statusCode(200).body(containsString("/api/v2/orgs"));
    }

    @Test
    void answersNotFoundWhenPublicPortIsAskedForOperatorEndpoints() {
        ManagementInterface.assertOperatorEndpointsOnlyHere();
    }
}
