package dev.threshold.mfa.security;

import static org.hamcrest.Matchers.equalTo;

import dev.threshold.common.testing.IdentityJwksResource;
import dev.threshold.common.testing.IdentityOutageScenarios;
import dev.threshold.mfa.support.Api;
import dev.threshold.mfa.support.TestData;
import dev.threshold.mfa.support.Tokens;
import dev.threshold.mfa.support.User;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import java.util.UUID;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** mfa-service while identity-service is away: common's scenarios, on My Account's device list. */
@QuarkusTest
@TestProfile(IdentityOutageScenarios.IdentityBehindProxy.class)
class IdentityOutageTest extends IdentityOutageScenarios {

    @Override
    protected TestCaller newCaller() {
        User user = User.in(TestData.org(false));
        return new TestCaller(user::accessToken, (kid, key) -> Tokens.accessSignedWith(user, kid, key));
    }

    @Override
    protected ValidatableResponse call(String token) {
        return Api.as(token).get("/api/v2/mfa/devices").then();
    }

    @Test
    @Order(5)
    void anMfaTokenOfAKnownKeyIsStillCheckedForItsKind() {
        User user = User.in(TestData.org(false));
        awaitAnswered(user.accessToken());

        IdentityJwksResource.identityDown();
        Api.as(user.enrollToken(UUID.randomUUID())).get("/api/v2/mfa/devices").then().statusCode(403)
                .body("code", equalTo("token_not_accepted"));
    }
}
