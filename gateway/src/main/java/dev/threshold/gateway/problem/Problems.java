package dev.threshold.gateway.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threshold.gateway.requestid.RequestIds;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Writes RFC 9457 problem documents for the gateway's own errors. */
@Singleton
public class Problems {

    public static final String CONTENT_TYPE = "application/problem+json";

    private final ObjectMapper json;

    public Problems(ObjectMapper json) {
        this.json = json;
    }

    /** A problem rendered for one request: what to send, in which language. */
    public record Rendered(ProblemCode code, Locale locale, Buffer body) {
    }

    public Rendered render(ProblemCode code, String acceptLanguage, String requestId) {
        Locale locale = ProblemMessages.negotiate(acceptLanguage);
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", code.type());
        problem.put("title", code.title());
        problem.put("status", code.status());
        problem.put("detail", ProblemMessages.detail(code, locale));
        problem.put("code", code.code());
        if (requestId != null) {
            problem.put("requestId", requestId);
        }
        try {
            return new Rendered(code, locale, Buffer.buffer(json.writeValueAsBytes(problem)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Rendered render(ProblemCode code, RoutingContext rc) {
        return render(code, rc.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE), RequestIds.of(rc));
    }

    /** Ends the response with the problem, unless a response is already on its way. */
    public void send(RoutingContext rc, ProblemCode code) {
        HttpServerResponse response = rc.response();
        if (response.headWritten() || response.ended() || response.closed()) {
            return;
        }
        Rendered problem = render(code, rc);
        response.setStatusCode(code.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE)
                .putHeader(HttpHeaders.CONTENT_LANGUAGE, problem.locale().toLanguageTag())
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(problem.body());
    }
}
