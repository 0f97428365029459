package dev.threshold.identity.password;

import dev.threshold.common.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A bounded pool for CPU-heavy password work (Argon2): {@code threads} workers (default: the
 * available processors) and a queue of {@code queue} waiting jobs (default 2 x threads). When
 * both are full, {@link #run} fails at once with {@link PasswordProblem#HASHING_BUSY}
 * ({@code 503 service_busy}, {@code Retry-After: 1}) instead of letting a queue, and every
 * login's latency, grow without bound.
 *
 * <p>The work is submitted when the {@code Uni} is subscribed to; its result is delivered back on
 * the subscriber's Vert.x context (the request's), so Hibernate Reactive sessions and other
 * context-bound state keep working downstream. Without a Vert.x context (plain tests) it is
 * delivered on the pool thread.
 */
@ApplicationScoped
public class HashingPool {

    public static final String RETRY_AFTER_SECONDS = "1";

    private final ThreadPoolExecutor executor;

    @Inject
    public HashingPool(PasswordConfig config) {
        this(config.pool().threads().orElse(Runtime.getRuntime().availableProcessors()),
                config.pool().queue().orElse(-1));
    }

    /** {@code queue < 0}: 2 x threads. */
    public HashingPool(int threads, int queue) {
        if (threads < 1) {
            throw new IllegalArgumentException("threshold.password.pool.threads must be at least 1: " + threads);
        }
        int capacity = queue < 0 ? 2 * threads : queue;
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                capacity == 0 ? new java.util.concurrent.SynchronousQueue<>() : new ArrayBlockingQueue<>(capacity),
                new NamedDaemonThreads(), new ThreadPoolExecutor.AbortPolicy());
        executor.prestartAllCoreThreads();
    }

    /** Runs {@code work} on the pool; fails with {@code ProblemException(HASHING_BUSY)} when the pool is full. */
    public <T> Uni<T> run(Supplier<T> work) {
        return Uni.createFrom().emitter(emitter -> {
            Context context = Vertx.currentContext();
            Future<?> task;
            try {
                task = executor.submit(() -> {
                    T result;
                    try {
                        result = work.get();
                    } catch (Throwable failure) {
                        deliver(context, () -> emitter.fail(failure));
                        return;
                    }
                    deliver(context, () -> emitter.complete(result));
                });
            } catch (RejectedExecutionException full) {
                emitter.fail(busy());
                return;
            }
            // A request that went away before its turn does not cost a hash.
            emitter.onTermination(() -> task.cancel(false));
        });
    }

    /** The failure {@link #run} answers with when the pool is full. */
    public static ProblemException busy() {
        return ProblemException.withHeader(PasswordProblem.HASHING_BUSY, "Retry-After", RETRY_AFTER_SECONDS);
    }

    /** Jobs running or waiting now (for metrics and tests). */
    public int inFlight() {
        return executor.getActiveCount() + executor.getQueue().size();
    }

    @PreDestroy
    void shutdown() {
        executor.shutdownNow();
    }

    private static void deliver(Context context, Runnable signal) {
        if (context == null) {
            signal.run();
        } else {
            context.runOnContext(ignored -> signal.run());
        }
    }

    private static final class NamedDaemonThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable runnable) {
            Thread thread = new Thread(runnable, "password-hashing-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
