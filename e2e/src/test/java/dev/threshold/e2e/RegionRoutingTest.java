package dev.threshold.e2e;

import static dev.threshold.e2e.E2e.REGIONS;
import static dev.threshold.e2e.E2e.gateway;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The gateway sends each request to the service of the region the request names. */
@Order(1)
@DisplayName("gateway: region routing")
class RegionRoutingTest {

    @Test
    @DisplayName("GET /api/v2/regions lists us-east-1 and eu-central-1 without a region")
    void regionsAreListed() {
        Response r = gateway().get("/api/v2/regions");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        // [{"code": "us-east-1", "name": "US East (N. Virginia)"}, ...] in the configured order
        assertThat(r.jsonPath().getList("code", String.class)).containsExactlyElementsOf(REGIONS);
        assertThat(r.jsonPath().getList("name", String.class)).allSatisfy(n -> assertThat(n).isNotBlank());
        assertThat(r.jsonPath().getString("find { it.code == 'us-east-1' }.name")).isEqualTo("US East (N. Virginia)");
    }

    @ParameterizedTest(name = "{0}: X-Region picks the instance of that region")
    @EnumSource(E2e.Service.class)
    void xRegionHeaderPicksTheRegion(E2e.Service service) {
        Set<String> seen = new HashSet<>();
        for (String region : REGIONS) {
            Response r = gateway().header("X-Region", region).get(service.serviceInfo());
            assertServiceInfo(r, service, region);
            seen.add(r.jsonPath().getString("region"));
        }
        assertThat(seen).as("each region is served by its own instance").hasSize(REGIONS.size());
    }

    @ParameterizedTest(name = "{0}: ?region= picks the instance of that region")
    @EnumSource(E2e.Service.class)
    void regionQueryParameterPicksTheRegion(E2e.Service service) {
        for (String region : REGIONS) {
            Response r = gateway().queryParam("region", region).get(service.serviceInfo());
            assertServiceInfo(r, service, region);
        }
    }

    @Test
    @DisplayName("X-Region wins over ?region=")
    void headerWinsOverQuery() {
        Response r = gateway().header("X-Region", "eu-central-1").queryParam("region", "us-east-1")
                .get(E2e.Service.IDENTITY.serviceInfo());
        assertServiceInfo(r, E2e.Service.IDENTITY, "eu-central-1");
    }

    static void assertServiceInfo(Response r, E2e.Service service, String region) {
        assertThat(r.statusCode()).as("%s in %s: %s", service, region, r.asString()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.jsonPath().getString("region")).isEqualTo(region);
        assertThat(r.jsonPath().getString("service")).as("service name").contains(service.name);
    }

}
