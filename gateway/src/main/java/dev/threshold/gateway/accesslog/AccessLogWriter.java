package dev.threshold.gateway.accesslog;

import dev.threshold.gateway.requestid.RequestIds;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes the access log on its own thread, off the event loops: a request's end only puts a small record on a
 * bounded lock-free queue (nothing is formatted, no lock is taken and no thread woken), and this thread formats and
 * logs what has gathered every {@value #PERIOD_MILLIS} ms, with the request id in the MDC as before. When the queue
 * is full, because the console cannot keep up, lines are dropped and counted rather than slowing requests down;
 * the count is logged as a warning.
 */
@Singleton
public class AccessLogWriter {

    static final Logger LOG = Logger.getLogger("dev.threshold.gateway.access");
    static final int CAPACITY = 16_384;
    static final long PERIOD_MILLIS = 20;

    /** One line of the access log, as the request left it. */
    record Entry(String method, String path, int status, String region, String service, long nanos,
            String requestId, boolean completed) {
    }

    private final Queue<Entry> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final LongAdder dropped = new LongAdder();
    private final Thread thread;
    private volatile boolean running = true;

    public AccessLogWriter() {
        thread = new Thread(this::run, "gateway-access-log");
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether lines would be written at all (the category may be silenced). */
    boolean enabled() {
        return LOG.isInfoEnabled();
    }

    void write(Entry entry) {
        if (size.incrementAndGet() > CAPACITY) {
            size.decrementAndGet();
            dropped.increment();
            return;
        }
        queue.offer(entry);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (running) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(PERIOD_MILLIS));
            drain();
        }
        drain();
    }

    private void drain() {
        Entry entry;
        while ((entry = queue.poll()) != null) {
            size.decrementAndGet();
            try {
                log(entry);
            } catch (RuntimeException e) {
                // a broken log handler must not end the writer
            }
        }
        long lost = dropped.sumThenReset();
        if (lost > 0) {
            LOG.warnf("access log: %d lines dropped, the log output could not keep up", lost);
        }
    }

    private static void log(Entry entry) {
        if (entry.requestId() != null) {
            MDC.put(RequestIds.MDC_KEY, entry.requestId());
        }
        try {
            LOG.infof("%s %s %d region=%s service=%s %dms%s", entry.method(), entry.path(), entry.status(),
                    entry.region(), entry.service(), TimeUnit.NANOSECONDS.toMillis(entry.nanos()),
                    entry.completed() ? "" : " (connection closed before the response ended)");
        } finally {
            MDC.remove(RequestIds.MDC_KEY);
        }
    }
}
