package dev.threshold.gateway.problem;

import dev.threshold.gateway.testing.FakeUpstreams;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import static dev.threshold.gateway.testing.ProblemAssertions.assertProblem;
import static dev.threshold.gateway.testing.ProblemAssertions.json;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@WithTestResource(FakeUpstreams.class)
class ProblemResponseTest {

    @Test
    void answersProblemDocumentWhenPathIsUnknown() {
        Response response = given().get("/does/not/exist");

        assertProblem(response, 404, "not_found");
        assertThat(json(response).getString("title")).isEqualTo("Not Found");
        assertThat(json(response).getString("detail")).isEqualTo("There is nothing at this address.");
        assertThat(response.header("Content-Language")).isEqualTo("en");
    }

    @Test
    void localizesDetailWhenClientPrefersGerman() {
        Response response = given().header("Accept-Language", "de-DE,de;q=0.9,en;q=0.8")
                .header("X-Region", FakeUpstreams.REFUSING_REGION)
                .get("/api/v2/users/me");

        assertProblem(response, 503, "region_unavailable");
        assertThat(json(response).getString("detail"))
                .isEqualTo("Die Region ist gerade nicht erreichbar. Bitte versuchen Sie es in Kürze erneut.");
        assertThat(response.header("Content-Language")).isEqualTo("de");

        Response required = given().header("Accept-Language", "de").get("/oauth/token");
        assertProblem(required, 400, "region_required");
        assertThat(json(required).getString("detail")).startsWith("Die Anfrage gibt keine Region an.");
    }

    @Test
    void fallsBackToEnglishWhenLanguageIsNotShipped() {
        assertUnknownRegionIn("sv-SE,sv;q=0.9", "en", "The region is not known.");
    }

    @Test
    void answersInEveryLanguageOfTheWebApp() {
        assertUnknownRegionIn("fr-CA,fr;q=0.9", "fr", "La région est inconnue.");
        assertUnknownRegionIn("pt-PT", "pt-BR", "A região não é conhecida.");
    }

    /** {@code 400 unknown_region} asked for in {@code acceptLanguage}: its detail starts so, in {@code language}. */
    private static void assertUnknownRegionIn(String acceptLanguage, String language, String detailStart) {
        Response response = given().header("Accept-Language", acceptLanguage).header("X-Region", "atlantis-1")
                .get("/api/v2/users/me");
        assertProblem(response, 400, "unknown_region");
        assertThat(json(response).getString("detail")).startsWith(detailStart);
        assertThat(response.header("Content-Language")).isEqualTo(language);
    }

    @Test
    void answersMethodNotAllowedProblemWhenRegionsAreWrittenTo() {
        assertProblem(given().header("Accept-Language", "de").delete("/api/v2/regions"), 405, "method_not_allowed");
    }
}
