package dev.threshold.gateway.region;

import dev.threshold.gateway.problem.ProblemCode;
import jakarta.inject.Singleton;

import java.util.Locale;
import java.util.Optional;

/**
 * Decides which region serves a request: the bearer token's {@code region} claim, else the {@code X-Region} header,
 * else the {@code region} query parameter (browser redirects cannot set headers).
 */
@Singleton
public class RegionResolver {

    /** Where the decision came from; logged, and useful in tests. */
    public enum Source { TOKEN, HEADER, QUERY }

    public sealed interface Decision permits Routed, Refused {
    }

    public record Routed(Region region, Source source) implements Decision {
    }

    public record Refused(ProblemCode problem) implements Decision {
    }

    private final RegionTable regions;

    public RegionResolver(RegionTable regions) {
        this.regions = regions;
    }

    /**
     * @param authorization the Authorization header, may be null
     * @param regionHeader the X-Region header, may be null
     * @param regionParameter the region query parameter, may be null
     */
    public Decision decide(String authorization, String regionHeader, String regionParameter) {
        Optional<String> fromToken = BearerTokenRegion.of(authorization).map(RegionResolver::normalize);
        String header = normalize(regionHeader);
        String code;
        Source source;
        if (fromToken.isPresent()) {
            // A client that names one region while holding a token of another is confused or probing: refuse rather
            // than silently pick one (421: this is the wrong place for the request).
            if (header != null && !header.equals(fromToken.get())) {
                return new Refused(ProblemCode.REGION_MISMATCH);
            }
            code = fromToken.get();
            source = Source.TOKEN;
        } else if (header != null) {
            code = header;
            source = Source.HEADER;
        } else if (normalize(regionParameter) != null) {
            code = normalize(regionParameter);
            source = Source.QUERY;
        } else {
            return new Refused(ProblemCode.REGION_REQUIRED);
        }
        return regions.find(code)
                .<Decision>map(region -> new Routed(region, source))
                .orElse(new Refused(ProblemCode.UNKNOWN_REGION));
    }

    private static String normalize(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.trim().toLowerCase(Locale.ROOT);
    }
}
