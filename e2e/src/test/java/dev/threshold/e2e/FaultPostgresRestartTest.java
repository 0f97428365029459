package dev.threshold.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Fault suite: Postgres restarts (fast shutdown) under login traffic. Meanwhile a login is either
 * served or answered {@code 503} with {@code Retry-After} (never a 500 or a 502), full service
 * returns within 10 s of Postgres being back, and no process had to be restarted.
 */
@Order(91)
@DisplayName("Fault: Postgres restarted under login load -> only 503s, back within 10 s, no process restarted")
class FaultPostgresRestartTest {

    private static final String REGION = "us-east-1";
    private static final int CLIENTS = Integer.getInteger("threshold.fault.clients", 4);

    @Test
    void loginsSurviveAPostgresRestart() throws Exception {
        assumeTrue(Processes.managedHere("identity-" + REGION), "system not started by ./threshold here");
        Tenants.Org org = Tenants.newOrg(REGION, "pg-restart");
        Map<String, Long> pidsBefore = Processes.pids();

        Map<String, LongAdder> answers = new ConcurrentHashMap<>();
        AtomicInteger successes = new AtomicInteger();
        AtomicInteger unavailableWithoutRetryAfter = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            String client = "198.51.100." + (10 + i);
            clients.add(pool.submit(() -> {
                while (running.get()) {
                    Response r = Tenants.login(REGION, org.admin().email(), Tenants.PASSWORD, client);
                    String code = r.statusCode() == 200 ? "" : " " + r.jsonPath().getString("code");
                    answers.computeIfAbsent(r.statusCode() + code, k -> new LongAdder()).increment();
                    if (r.statusCode() == 200) {
                        successes.incrementAndGet();
                    } else if (r.statusCode() == 503 && r.getHeader("Retry-After") == null) {
                        unavailableWithoutRetryAfter.incrementAndGet();
                    }
                }
            }));
        }
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> successes.get() >= 20);
            Processes.restartPostgres();
            long back = System.nanoTime();
            int before = successes.get();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> Tenants.login(REGION, org.admin().email(), Tenants.PASSWORD, "198.51.100.99").statusCode() == 200);
            System.out.printf("service back %d ms after Postgres returned%n", (System.nanoTime() - back) / 1_000_000);
            await().atMost(Duration.ofSeconds(30)).until(() -> successes.get() >= before + 20);
        } finally {
            running.set(false);
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
        for (Future<?> client : clients) {
            client.get();
        }
        System.out.println("answers during the restart: " + answers);
        assertThat(answers.keySet()).as("answers: %s", answers).allMatch(k -> k.equals("200") || k.startsWith("503 "));
        assertThat(unavailableWithoutRetryAfter.get()).as("503 without Retry-After").isZero();
        assertThat(Processes.pids()).as("no process restarted").isEqualTo(pidsBefore);
    }
}
