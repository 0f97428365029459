package dev.threshold.gateway.region;

import dev.threshold.gateway.testing.FakeUpstreams;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.threshold.gateway.testing.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@WithTestResource(FakeUpstreams.class)
class RegionsEndpointTest {

    @Test
    void listsRegionsInDisplayOrderWhenAskedWithoutRegion() {
        Response response = given().get("/api/v2/regions");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        List<Map<String, Object>> regions = new JsonArray(response.asString()).stream()
                .map(r -> ((JsonObject) r).getMap()).toList();
        List<String> expectedCodes = new ArrayList<>(FakeUpstreams.REGIONS.keySet());
        expectedCodes.add(FakeUpstreams.REFUSING_REGION);
        expectedCodes.add(FakeUpstreams.STALLED_REGION);
        assertThat(regions).extracting(r -> r.get("code")).containsExactlyElementsOf(expectedCodes);
        assertThat(regions.get(0)).containsExactlyInAnyOrderEntriesOf(
                Map.<String, Object>of("code", "us-east-1", "name", "US East (N. Virginia)"));
        assertThat(regions.get(4)).containsEntry("name", "South America (São Paulo)");
        assertThat(response.asString()).doesNotContain("127.0.0.1");
    }

    @Test
    void refusesMethodWhenItIsNotGet() {
        Response response = given().header("X-Region", "us-east-1").post("/api/v2/regions");

        assertProblem(response, 405, "method_not_allowed");
        assertThat(response.header("Allow")).isEqualTo("GET, HEAD");
    }
}
