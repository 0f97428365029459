package dev.threshold.common.overload;

import dev.threshold.common.problem.ProblemMessages;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The limiter on a plain Vert.x router, as {@link OverloadProtection} puts it in front of a service: requests are held
 * in flight by a latch, so the bound is reached deterministically, without timing.
 */
class InFlightLimiterTest {

    private static final int MAX = 2;

    private Vertx vertx;
    private HttpServer server;
    private InFlightLimiter limiter;
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger held = new AtomicInteger();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        limiter = new InFlightLimiter(MAX, new ProblemMessages());
        Router router = Router.router(vertx);
        router.route().order(Integer.MIN_VALUE).handler(limiter);
        router.get("/hold").handler(rc -> {
            held.incrementAndGet();
            // answered from a worker once the test lets go: the request stays in flight until then
            vertx.<Void>executeBlocking(() -> {
                release.await(30, TimeUnit.SECONDS);
                return null;
            }).onComplete(ignored -> rc.response().end("held"));
        });
        router.get("/quick").handler(rc -> rc.response().end("quick"));
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void refusesWithOverloadedAndRetryAfterWhenMaxRequestsAreInFlight() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> holding = new ArrayList<>();
        for (int i = 0; i < MAX; i++) {
            holding.add(client.sendAsync(get("/hold").build(), HttpResponse.BodyHandlers.ofString()));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> held.get() == MAX);

        HttpResponse<String> refused = client.send(get("/quick").header("Accept-Language", "de")
                .header("X-Request-Id", "overload-1").build(), HttpResponse.BodyHandlers.ofString());

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
        assertThat(limiter.inFlight()).isEqualTo(MAX);

        release.countDown();
        for (CompletableFuture<HttpResponse<String>> response : holding) {
            assertThat(response.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> limiter.inFlight() == 0);
        assertThat(client.send(get("/quick").build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void admitsRequestsUpToTheBoundWhenOthersAreInFlight() throws Exception {
        CompletableFuture<HttpResponse<String>> holding = client.sendAsync(get("/hold").build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10)).until(() -> held.get() == 1);

        for (int i = 0; i < 5; i++) {
            assertThat(client.send(get("/quick").build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(200);
        }
        assertThat(limiter.rejected()).isZero();
        release.countDown();
        assertThat(holding.get(10, TimeUnit.SECONDS).body()).isEqualTo("held");
    }

    @Test
    void givesTheSlotBackWhenTheClientGoesAwayBeforeTheAnswer() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.actualPort())) {
            socket.getOutputStream().write("GET /hold HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> held.get() == 1 && limiter.inFlight() == 1);
        }

        // the answer has not been written yet: the closed connection alone gives the slot back
        await().atMost(Duration.ofSeconds(10)).until(() -> limiter.inFlight() == 0);
    }

    @Test
    void admitsEverythingWhenTheLimitIsOff() {
        InFlightLimiter off = new InFlightLimiter(0, new ProblemMessages());
        assertThat(off.max()).isZero();
        assertThat(InFlightLimiter.languages("de-CH, fr;q=0.5, *;q=0.1")).extracting(java.util.Locale::getLanguage)
                .containsExactly("de", "fr");
        assertThat(InFlightLimiter.languages("not a ;; header")).isEmpty();
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
                .timeout(Duration.ofSeconds(20)).GET();
    }
}
