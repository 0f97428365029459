package dev.threshold.mfa.recovery;

import dev.threshold.common.problem.CommonProblem;
import dev.threshold.common.problem.ProblemException;
import dev.threshold.mfa.config.MfaConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A small bounded pool for recovery-code hashing (Argon2id is CPU work that must not run on the
 * event loop). A full pool answers {@code 503 service_unavailable} at once. The result comes back
 * on the caller's Vert.x context, so the request's Hibernate Reactive session and transaction go
 * on working downstream.
 */
@ApplicationScoped
public class HashingPool {

    private final ThreadPoolExecutor pool;

    public HashingPool(MfaConfig config) {
        AtomicInteger count = new AtomicInteger();
        int threads = Math.max(1, config.recoveryCodes().threads());
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, config.recoveryCodes().queue())),
                runnable -> {
                    Thread thread = new Thread(runnable, "mfa-recovery-hash-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                },
                new ThreadPoolExecutor.AbortPolicy());
        this.pool.allowCoreThreadTimeOut(true);
    }

    /** Runs {@code work} on the pool; fails with {@code 503 service_unavailable} when the pool is full. */
    public <T> Uni<T> run(Supplier<T> work) {
        return Uni.createFrom().emitter(emitter -> {
            Context context = Vertx.currentContext();
            try {
                pool.execute(() -> {
                    try {
                        T result = work.get();
                        deliver(context, () -> emitter.complete(result));
                    } catch (RuntimeException e) {
                        deliver(context, () -> emitter.fail(e));
                    }
                });
            } catch (RejectedExecutionException e) {
                emitter.fail(new ProblemException(CommonProblem.SERVICE_UNAVAILABLE));
            }
        });
    }

    private static void deliver(Context context, Runnable signal) {
        if (context == null) {
            signal.run();
        } else {
            context.runOnContext(ignored -> signal.run());
        }
    }

    @PreDestroy
    void shutdown() {
        pool.shutdownNow();
    }
}
