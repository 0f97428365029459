package dev.threshold.common.overload;

import dev.threshold.common.problem.CommonProblem;
import dev.threshold.common.problem.ProblemMessages;
import dev.threshold.http.InFlightLimitHandler;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Bounds the requests a service works on at once. The first thing on the public router: one request more than
 * {@code max} is answered {@code 503 overloaded} with {@code Retry-After: 1} at once, before authentication, body
 * reading or any database work, so the requests that are admitted keep their latency and no queue (event loop,
 * worker pool, database pool) grows without bound behind them. A request counts until its response has ended or
 * its connection closed. {@code max <= 0} admits everything. The counting is http-support's
 * {@link InFlightLimitHandler}, which the gateway runs too; this class gives it the services' problem document.
 */
public class InFlightLimiter implements Handler<RoutingContext> {

    public static final String RETRY_AFTER_SECONDS = InFlightLimitHandler.RETRY_AFTER_SECONDS;
    static final String TYPE = "urn:threshold:problem:" + CommonProblem.OVERLOADED.code();
    private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private final InFlightLimitHandler limit;
    private final ProblemMessages messages;

    public InFlightLimiter(int max, ProblemMessages messages) {
        this.messages = messages;
        this.limit = new InFlightLimitHandler(max, this::refuse);
    }

    @Override
    public void handle(RoutingContext rc) {
        limit.handle(rc);
    }

    /** Requests in progress now. */
    public int inFlight() {
        return limit.inFlight();
    }

    /** Requests refused so far. */
    public long rejected() {
        return limit.rejected();
    }

    public int max() {
        return limit.max();
    }

    private void refuse(RoutingContext rc) {
        Locale locale = ProblemMessages.pick(languages(rc.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE)));
        JsonObject problem = new JsonObject()
                .put("type", TYPE)
                .put("title", CommonProblem.OVERLOADED.title())
                .put("status", CommonProblem.OVERLOADED.status())
                .put("detail", messages.detail(CommonProblem.OVERLOADED.code(), List.of(locale)))
                .put("code", CommonProblem.OVERLOADED.code());
        HttpServerResponse response = rc.response();
        String requestId = rc.request().getHeader("X-Request-Id");
        if (requestId != null && SAFE_REQUEST_ID.matcher(requestId).matches()) {
            response.putHeader("X-Request-Id", requestId);
        }
        response.setStatusCode(CommonProblem.OVERLOADED.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                .putHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(problem.toBuffer());
    }

    /** The languages of an Accept-Language header, best first; none when it is absent or malformed. */
    static List<Locale> languages(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return List.of();
        }
        try {
            List<Locale> locales = new ArrayList<>();
            for (Locale.LanguageRange range : Locale.LanguageRange.parse(acceptLanguage)) {
                if (range.getWeight() > 0 && !range.getRange().equals("*")) {
                    locales.add(Locale.forLanguageTag(range.getRange()));
                }
            }
            return locales;
        } catch (IllegalArgumentException malformed) {
            return List.of();
        }
    }
}
