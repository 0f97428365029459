package dev.threshold.invitation.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.threshold.common.testing.IdentityJwksResource;
import dev.threshold.common.testing.IdentityOutageScenarios;
import dev.threshold.invitation.support.TestData;
import dev.threshold.invitation.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** invitation-service while identity-service is away: common's scenarios, on an admin's invitation list. */
@QuarkusTest
@TestProfile(IdentityOutageScenarios.IdentityBehindProxy.class)
class IdentityOutageTest extends IdentityOutageScenarios {

    @Override
    protected TestCaller newCaller() {
        TestData.Org org = TestData.org();
        return new TestCaller(org::adminToken, (kid, key) -> Tokens.adminSignedWith(org.id().toString(), kid, key));
    }

    @Override
    protected ValidatableResponse call(String token) {
        return given().auth().oauth2(token).get("/api/v2/invitations").then();
    }

    @Test
    @Order(5)
    void publicEndpointsNeverLookAtABearer() {
        IdentityJwksResource.identityDown();
        given().get("/api/v2/invitations/service-info").then().statusCode(200);
    }

    @Test
    @Order(6)
    void theBodyOfAWriteIsNotReadBeforeTheCallerIsKnown() {
        TestCaller caller = newCaller();
        awaitAnswered(caller.token());
        String signedWithNewKey = signedWithNewKey(caller);

        IdentityJwksResource.identityDown();
        given().auth().oauth2(signedWithNewKey).contentType("application/json").body("{not json")
                .post("/api/v2/invitations").then().statusCode(503).body("code", equalTo("identity_unavailable"));
    }
}
