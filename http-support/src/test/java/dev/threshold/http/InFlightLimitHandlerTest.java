package dev.threshold.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The limit on a plain Vert.x router: requests are held in flight by a latch, so the bound is
 * reached deterministically, without timing.
 */
class InFlightLimitHandlerTest {

    private static final int MAX = 2;

    private Vertx vertx;
    private HttpServer server;
    private InFlightLimitHandler limit;
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger held = new AtomicInteger();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        limit = new InFlightLimitHandler(MAX, rc -> rc.response().setStatusCode(503)
                .putHeader("Retry-After", InFlightLimitHandler.RETRY_AFTER_SECONDS).end("refused"));
        Router router = Router.router(vertx);
        router.route().order(Integer.MIN_VALUE).handler(limit);
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
    void refusesOneMoreThanMaxAndAdmitsAgainOnceTheyEnded() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> holding = new ArrayList<>();
        for (int i = 0; i < MAX; i++) {
            holding.add(client.sendAsync(get("/hold"), HttpResponse.BodyHandlers.ofString()));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> held.get() == MAX);

        HttpResponse<String> refused = client.send(get("/quick"), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).isEqualTo("refused");
        assertThat(limit.rejected()).isEqualTo(1);
        assertThat(limit.inFlight()).isEqualTo(MAX);

        release.countDown();
        for (CompletableFuture<HttpResponse<String>> response : holding) {
            assertThat(response.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> limit.inFlight() == 0);
        assertThat(client.send(get("/quick"), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void admitsRequestsUpToTheBoundWhenOthersAreInFlight() throws Exception {
        CompletableFuture<HttpResponse<String>> holding = client.sendAsync(get("/hold"), HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10)).until(() -> held.get() == 1);

        for (int i = 0; i < 5; i++) {
            assertThat(client.send(get("/quick"), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
        assertThat(limit.rejected()).isZero();
        assertThat(limit.inFlight()).isEqualTo(1);
        release.countDown();
        assertThat(holding.get(10, TimeUnit.SECONDS).body()).isEqualTo("held");
    }

    @Test
    void givesTheSlotBackWhenTheClientGoesAwayBeforeTheAnswer() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.actualPort())) {
            socket.getOutputStream().write("GET /hold HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> held.get() == 1 && limit.inFlight() == 1);
        }

        // the answer has not been written yet: the closed connection alone gives the slot back, once
        await().atMost(Duration.ofSeconds(10)).until(() -> limit.inFlight() == 0);
        release.countDown();
        assertThat(client.send(get("/quick"), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(limit.inFlight()).isZero();
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
                .timeout(Duration.ofSeconds(20)).GET().build();
    }
}
