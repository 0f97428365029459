package dev.threshold.common.overload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.threshold.common.problem.ProblemMessages;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The services' answer when they are full, as {@link OverloadProtection} puts the limiter in front
 * of a service. How requests are counted and their slots given back is http-support's
 * {@code InFlightLimitHandlerTest}; here one request is left unanswered, so the next is refused.
 */
class InFlightLimiterTest {

    @Test
    void refusesWithALocalizedOverloadedProblemAndRetryAfter() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            InFlightLimiter limiter = new InFlightLimiter(1, new ProblemMessages());
            List<RoutingContext> unanswered = new CopyOnWriteArrayList<>();
            Router router = Router.router(vertx);
            router.route().order(Integer.MIN_VALUE).handler(limiter);
            router.route().handler(unanswered::add);
            int port = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
            HttpClient client = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + port + "/anything");
            client.sendAsync(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding());
            await().atMost(Duration.ofSeconds(10)).until(() -> unanswered.size() == 1);

            HttpResponse<String> refused = client.send(HttpRequest.newBuilder(uri).header("Accept-Language", "de")
                    .header("X-Request-Id", "overload-1").timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).contains("1");
            assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(refused.headers().firstValue("X-Request-Id")).contains("overload-1");
            JsonObject problem = new JsonObject(refused.body());
            assertThat(problem.getString("code")).isEqualTo("overloaded");
            assertThat(problem.getString("type")).isEqualTo("urn:threshold:problem:overloaded");
            assertThat(problem.getInteger("status")).isEqualTo(503);
            assertThat(problem.getString("detail")).contains("Dienst");
            assertThat(limiter.rejected()).isEqualTo(1);
            assertThat(limiter.inFlight()).isEqualTo(1);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void readsTheLanguagesOfAcceptLanguage() {
        assertThat(new InFlightLimiter(0, new ProblemMessages()).max()).isZero();
        assertThat(InFlightLimiter.languages("de-CH, fr;q=0.5, *;q=0.1")).extracting(Locale::getLanguage)
                .containsExactly("de", "fr");
        assertThat(InFlightLimiter.languages("not a ;; header")).isEmpty();
    }
}
