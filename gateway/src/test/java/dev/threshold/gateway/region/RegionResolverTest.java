package dev.threshold.gateway.region;

import dev.threshold.gateway.problem.ProblemCode;
import dev.threshold.gateway.region.RegionResolver.Decision;
import dev.threshold.gateway.region.RegionResolver.Refused;
import dev.threshold.gateway.region.RegionResolver.Routed;
import dev.threshold.gateway.region.RegionResolver.Source;
import dev.threshold.gateway.testing.Tokens;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.threshold.gateway.region.RegionTableTest.region;
import static org.assertj.core.api.Assertions.assertThat;

class RegionResolverTest {

    private final RegionResolver resolver = new RegionResolver(new RegionTable(Map.of(
            "us-east-1", region("Virginia", "http://u:1", 1),
            "eu-central-1", region("Frankfurt", "http://e:1", 2))));

    @Test
    void routesByTokenClaimWhenTokenHasRegion() {
        assertRouted(resolver.decide(Tokens.bearerWithRegion("eu-central-1"), null, null), "eu-central-1", Source.TOKEN);
    }

    @Test
    void tokenClaimWinsWhenQueryParameterNamesAnotherRegion() {
        assertRouted(resolver.decide(Tokens.bearerWithRegion("eu-central-1"), null, "us-east-1"), "eu-central-1",
                Source.TOKEN);
    }

    @Test
    void routesByTokenClaimWhenHeaderNamesTheSameRegion() {
        assertRouted(resolver.decide(Tokens.bearerWithRegion("eu-central-1"), "EU-CENTRAL-1", null), "eu-central-1",
                Source.TOKEN);
    }

    @Test
    void refusesAsMismatchWhenTokenAndHeaderDisagree() {
        assertRefused(resolver.decide(Tokens.bearerWithRegion("eu-central-1"), "us-east-1", null),
                ProblemCode.REGION_MISMATCH);
    }

    @Test
    void routesByHeaderWhenThereIsNoTokenClaim() {
        assertRouted(resolver.decide("Bearer opaque-operator-secret", "us-east-1", "eu-central-1"), "us-east-1",
                Source.HEADER);
    }

    @Test
    void routesByQueryParameterWhenThereIsNeitherTokenNorHeader() {
        assertRouted(resolver.decide(null, " ", "eu-central-1"), "eu-central-1", Source.QUERY);
    }

    @Test
    void requiresRegionWhenNoneIsGiven() {
        assertRefused(resolver.decide(null, null, null), ProblemCode.REGION_REQUIRED);
        assertRefused(resolver.decide("Bearer a.b", "", ""), ProblemCode.REGION_REQUIRED);
    }

    @Test
    void refusesUnknownRegionWhenNotConfigured() {
        assertRefused(resolver.decide(null, "mars-north-1", null), ProblemCode.UNKNOWN_REGION);
        assertRefused(resolver.decide(Tokens.bearerWithRegion("mars-north-1"), null, null), ProblemCode.UNKNOWN_REGION);
    }

    private static void assertRouted(Decision decision, String region, Source source) {
        assertThat(decision).isInstanceOf(Routed.class);
        assertThat(((Routed) decision).region().code()).isEqualTo(region);
        assertThat(((Routed) decision).source()).isEqualTo(source);
    }

    private static void assertRefused(Decision decision, ProblemCode problem) {
        assertThat(decision).isEqualTo(new Refused(problem));
    }
}
