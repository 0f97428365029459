package dev.threshold.gateway.region;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threshold.gateway.problem.ProblemCode;
import dev.threshold.gateway.problem.Problems;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

import java.io.UncheckedIOException;
import java.util.List;

/** {@code GET /api/v2/regions}: the login page's region list. Needs no region, so the gateway answers it. */
@Singleton
public class RegionsHandler implements Handler<RoutingContext> {

    public static final String PATH = "/api/v2/regions";

    /** One entry of the list; display names only, never upstream addresses. */
    public record RegionView(String code, String name) {
    }

    private final Buffer body;
    private final Problems problems;

    public RegionsHandler(RegionTable regions, ObjectMapper json, Problems problems) {
        List<RegionView> views = regions.ordered().stream().map(r -> new RegionView(r.code(), r.name())).toList();
        try {
            this.body = Buffer.buffer(json.writeValueAsBytes(views));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        this.problems = problems;
    }

    @Override
    public void handle(RoutingContext rc) {
        HttpMethod method = rc.request().method();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            rc.response().putHeader(HttpHeaders.ALLOW, "GET, HEAD");
            problems.send(rc, ProblemCode.METHOD_NOT_ALLOWED);
            return;
        }
        rc.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=300")
                .end(body.copy());
    }
}
