package dev.threshold.identity.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.threshold.common.problem.ProblemException;
import dev.threshold.common.problem.ProblemMessages;
import dev.threshold.common.problem.ProblemResponses;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.vertx.core.Vertx;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HashingPoolTest {

    private final HashingPool pool = new HashingPool(1, 1);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void tearDown() {
        release.countDown();
        pool.shutdown();
    }

    @Test
    void runsWorkOnThePool() {
        String thread = pool.run(() -> Thread.currentThread().getName()).await().atMost(Duration.ofSeconds(5));

        assertThat(thread).startsWith("password-hashing-");
    }

    @Test
    void passesFailuresOfTheWorkOn() {
        Uni<Object> failing = pool.run(() -> {
            throw new IllegalStateException("boom");
        });

        assertThatThrownBy(() -> failing.await().atMost(Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class).hasMessage("boom");
    }

    @Test
    void failsAtOnceWith503AndRetryAfterWhenFull() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        UniAssertSubscriber<String> running = pool.run(() -> {
            started.countDown();
            await(release);
            return "first";
        }).subscribe().withSubscriber(UniAssertSubscriber.create());
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        UniAssertSubscriber<String> queued = pool.run(() -> "second").subscribe().withSubscriber(UniAssertSubscriber.create());

        UniAssertSubscriber<String> rejected = pool.run(() -> "third").subscribe().withSubscriber(UniAssertSubscriber.create());

        rejected.assertFailedWith(ProblemException.class);
        ProblemException busy = (ProblemException) rejected.getFailure();
        assertThat(busy.problem()).isEqualTo(PasswordProblem.HASHING_BUSY);
        assertThat(busy.problem().status()).isEqualTo(503);
        assertThat(busy.problem().code()).isEqualTo("service_busy");
        assertThat(busy.headers()).containsEntry("Retry-After", "1");
        assertThat(pool.inFlight()).isEqualTo(2);

        release.countDown();
        assertThat(running.awaitItem(Duration.ofSeconds(5)).getItem()).isEqualTo("first");
        assertThat(queued.awaitItem(Duration.ofSeconds(5)).getItem()).isEqualTo("second");
        assertThat(pool.run(() -> "again").await().atMost(Duration.ofSeconds(5))).isEqualTo("again");
    }

    @Test
    void theBusyProblemIsAnswered503WithRetryAfter() {
        ProblemException busy = HashingPool.busy();

        Response response = new ProblemResponses(new ProblemMessages())
                .build(busy.problem(), List.of(Locale.ENGLISH), busy.errors(), busy.headers(), busy.detailArgs());

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("1");
    }

    @Test
    void submitsOnlyWhenSubscribed() {
        AtomicInteger calls = new AtomicInteger();
        Uni<Integer> lazy = pool.run(calls::incrementAndGet);

        assertThat(calls).hasValue(0);
        assertThat(lazy.await().atMost(Duration.ofSeconds(5))).isEqualTo(1);
    }

    @Test
    void defaultsTheQueueToTwiceTheThreads() throws Exception {
        HashingPool twoThreads = new HashingPool(2, -1);
        try {
            CountDownLatch started = new CountDownLatch(2);
            for (int i = 0; i < 4; i++) {
                twoThreads.run(() -> {
                    started.countDown();
                    await(release);
                    return "ok";
                }).subscribe().with(item -> { }, failure -> { });
            }
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            twoThreads.run(() -> "fifth").subscribe().with(item -> { }, failure -> { });
            twoThreads.run(() -> "sixth").subscribe().with(item -> { }, failure -> { });

            UniAssertSubscriber<String> seventh = twoThreads.run(() -> "seventh")
                    .subscribe().withSubscriber(UniAssertSubscriber.create());

            seventh.assertFailedWith(ProblemException.class);
        } finally {
            release.countDown();
            twoThreads.shutdown();
        }
    }

    @Test
    void deliversTheResultOnTheCallersVertxContext() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            CompletableFuture<String> deliveredOn = new CompletableFuture<>();
            vertx.runOnContext(ignored -> pool.run(() -> "hashed")
                    .subscribe().with(item -> deliveredOn.complete(Thread.currentThread().getName()),
                            deliveredOn::completeExceptionally));

            assertThat(deliveredOn.get(5, TimeUnit.SECONDS)).startsWith("vert.x-eventloop-thread");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
