package dev.threshold.mfa.internal;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.threshold.mfa.support.Api;
import dev.threshold.mfa.support.TestData;
import dev.threshold.mfa.support.User;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** identity-service's question at every password login: has this person an active MFA device? */
@QuarkusTest
class EnrollmentStatusTest {

    private static final String INTERNAL = "Internal test-internal-token-0123456789";

    @Test
    void answersFromTheDevicesAtOnce() {
        UUID orgId = TestData.org(false);
        User user = User.in(orgId);
        internal().get(path(user.id(), orgId)).then().statusCode(200)
                .body("enrolled", equalTo(false)).body("devices", equalTo(0));

        Api.enrolled(user, "Pixel");
        internal().get(path(user.id(), orgId)).then().statusCode(200)
                .body("enrolled", equalTo(true)).body("devices", equalTo(1));
        // the same user id in another org has nothing there
        internal().get(path(user.id(), TestData.org(false))).then().statusCode(200).body("enrolled", equalTo(false));
    }

    @Test
    void needsTheInternalToken() {
        UUID orgId = TestData.org(false);
        String path = path(UUID.randomUUID().toString(), orgId);
        given().get(path).then().statusCode(401).body("code", equalTo("internal_token_required"));
        given().header("Authorization", "Internal wrong-token-0123456789").get(path).then().statusCode(401)
                .body("code", equalTo("internal_token_required"));
        given().auth().oauth2(User.in(orgId).accessToken()).get(path).then().statusCode(401)
                .body("code", equalTo("internal_token_required"));
    }

    @Test
    void malformedIdsNameNothing() {
        internal().get("/internal/mfa/users/not-a-uuid/enrolled?orgId=" + UUID.randomUUID()).then().statusCode(404)
                .body("code", equalTo("not_found"));
        internal().get("/internal/mfa/users/" + UUID.randomUUID() + "/enrolled").then().statusCode(404)
                .body("code", equalTo("not_found"));
    }

    private static RequestSpecification internal() {
        return given().header("Authorization", INTERNAL);
    }

    private static String path(String userId, UUID orgId) {
        return "/internal/mfa/users/" + userId + "/enrolled?orgId=" + orgId;
    }
}
