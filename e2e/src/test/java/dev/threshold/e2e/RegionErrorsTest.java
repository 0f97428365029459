package dev.threshold.e2e;

import static dev.threshold.e2e.E2e.assertAnyProblem;
import static dev.threshold.e2e.E2e.assertProblem;
import static dev.threshold.e2e.E2e.gateway;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Requests the gateway refuses before they reach a service; every answer is a problem. */
@Order(2)
@DisplayName("gateway: region errors and refused paths")
class RegionErrorsTest {

    @ParameterizedTest(name = "{0}: no region -> 400 region_required")
    @EnumSource(E2e.Service.class)
    void regionRequired(E2e.Service service) {
        assertProblem(gateway().get(service.serviceInfo()), 400, "region_required");
    }

    @Test
    @DisplayName("unknown X-Region -> 400 unknown_region")
    void unknownRegionHeader() {
        assertProblem(gateway().header("X-Region", "mars-north-1").get(E2e.Service.IDENTITY.serviceInfo()),
                400, "unknown_region");
    }

    @Test
    @DisplayName("unknown ?region= -> 400 unknown_region")
    void unknownRegionQuery() {
        assertProblem(gateway().queryParam("region", "mars-north-1").get(E2e.Service.MFA.serviceInfo()),
                400, "unknown_region");
    }

    @Test
    @DisplayName("token region us-east-1 + X-Region eu-central-1 -> 421")
    void tokenRegionDiffersFromHeader() {
        Response r = gateway()
                .header("Authorization", "Bearer " + unsignedJwt("{\"sub\":\"e2e\",\"region\":\"us-east-1\"}"))
                .header("X-Region", "eu-central-1")
                .get(E2e.Service.IDENTITY.serviceInfo());
        assertProblem(r, 421, "region_mismatch");
    }

    @Test
    @DisplayName("token region alone picks the region (the service still verifies the token)")
    void tokenRegionAlonePicksRegion() {
        Response r = gateway()
                .header("Authorization", "Bearer " + unsignedJwt("{\"sub\":\"e2e\",\"region\":\"eu-central-1\"}"))
                .get(E2e.Service.IDENTITY.serviceInfo());
        // service-info is public: the gateway routes by the claim, never to us-east-1
        assertThat(r.statusCode()).as(r.asString()).isNotEqualTo(400).isNotEqualTo(421);
        if (r.statusCode() == 200) {
            assertThat(r.jsonPath().getString("region")).isEqualTo("eu-central-1");
        }
    }

    @ParameterizedTest(name = "{0} is never routed")
    @ValueSource(strings = {
        "/internal/health",
        "/internal/users",
        "/api/v2/../internal/users",
        "/api/v2/%2e%2e/internal/users",
        "/api/v2/mfa/..%2f..%2f..%2finternal/users",
    })
    void internalIsRefused(String path) {
        Response r = gateway().urlEncodingEnabled(false).header("X-Region", "us-east-1").get(path);
        assertThat(r.statusCode()).as("%s -> %s %s", path, r.statusCode(), r.asString())
                .isBetween(400, 499);
        assertThat(r.contentType()).as(path).startsWith(E2e.PROBLEM_JSON);
        assertAnyProblem(r, r.statusCode());
    }

    static String unsignedJwt(String payloadJson) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".";
    }
}
