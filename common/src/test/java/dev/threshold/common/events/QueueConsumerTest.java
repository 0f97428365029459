package dev.threshold.common.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.threshold.common.testing.BrokerOutage;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link QueueConsumer} against a real RabbitMQ: outages (a private node stopped with
 * {@code rabbitmqctl stop_app} when {@code THRESHOLD_TEST_RABBITMQ_NODE} names one, otherwise a cut
 * proxy in front of the shared broker), a 10,000-message backlog, failing handlers, stuck
 * handlers. The handler here dedupes by event id as the inbox does, and counts deliveries.
 */
class QueueConsumerTest {

    private static final String EXCHANGE = "threshold.events";
    private static final Duration HEAL = Duration.ofSeconds(10);
    private static final ObjectMapper MAPPER = JsonMapper.builder().addModule(new JavaTimeModule()).build();

    private final String queue = "common.test.queue-consumer-" + UUID.randomUUID();
    private final String routingKey = "test.queue-consumer." + UUID.randomUUID();
    private final Map<String, Integer> deliveries = new ConcurrentHashMap<>();
    private final Set<String> applied = ConcurrentHashMap.newKeySet();
    private final AtomicInteger offContext = new AtomicInteger();
    private Vertx vertx;
    private BrokerOutage outage;
    private QueueConsumer consumer;

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        outage = BrokerOutage.create();
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (consumer != null) {
                consumer.close();
            }
        } finally {
            outage.close();
            try (Connection connection = connect(outage.brokerPort()); Channel channel = connection.createChannel()) {
                channel.queueDelete(queue);
                channel.queueDelete(queue + ".dlq");
            }
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    @Test
    void resumesWithinTenSecondsAfterEveryOutageAndLosesNothing() throws Exception {
        consumer = start(settings(50, Duration.ofSeconds(60)), recording(Duration.ofMillis(2)));
        Awaitility.await().atMost(HEAL).until(consumer::isConsuming);

        List<String> ids = ids(400);
        AtomicBoolean stopPublishing = new AtomicBoolean();
        CompletableFuture<Void> publisher = CompletableFuture.runAsync(() -> publishPatiently(ids, stopPublishing));
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> applied.size() >= 50);
            for (Duration length : List.of(Duration.ofSeconds(8), Duration.ofSeconds(3))) {
                outage.begin();
                try {
                    Awaitility.await().atMost(HEAL).until(() -> consumer.status().brokerUnreachable());
                    assertThat(consumer.status().consuming()).isFalse();
                    assertThat(consumer.status().stuck()).isFalse();
                    // the outage lasts this long whatever the consumer does meanwhile
                    Awaitility.await().pollDelay(length).atMost(length.plusSeconds(1)).until(() -> true);
                } finally {
                    outage.end();
                }
                Instant back = Instant.now();
                Awaitility.await().atMost(HEAL).pollInterval(Duration.ofMillis(100)).until(consumer::isConsuming);
                assertThat(Duration.between(back, Instant.now())).isLessThan(HEAL);
            }
            publisher.get(120, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            stopPublishing.set(true);
        }

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> applied.containsAll(ids));
        assertThat(applied).hasSize(ids.size());
        assertThat(offContext.get()).isZero();
        QueueConsumer.Status status = consumer.status();
        assertThat(status.consuming()).isTrue();
        assertThat(status.stuck()).isFalse();
        assertThat(status.deadLettered()).isZero();
        Awaitility.await().atMost(HEAL).until(() -> consumer.status().unsettled() == 0);
    }

    @Test
    void drainsABacklogOfTenThousandWithinThePrefetch() throws Exception {
        List<String> ids = ids(10_000);
        consumer = start(settings(100, Duration.ofSeconds(60)), recording(Duration.ZERO));
        Awaitility.await().atMost(HEAL).until(consumer::isConsuming);
        consumer.close(); // the queue exists now; the backlog builds while nobody consumes
        publishAll(ids);

        consumer = start(settings(100, Duration.ofSeconds(60)), recording(Duration.ZERO));
        AtomicInteger mostUnsettled = new AtomicInteger();
        Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(50)).until(() -> {
            mostUnsettled.accumulateAndGet(consumer.status().unsettled(), Math::max);
            return applied.size() == ids.size();
        });
        assertThat(applied).containsAll(ids);
        assertThat(mostUnsettled.get()).isLessThanOrEqualTo(100);
        assertThat(consumer.status().retried()).isZero();
        assertThat(consumer.status().stuck()).isFalse();
    }

    @Test
    void retriesAFailingEventAndDeadLettersWhatCannotBeApplied() throws Exception {
        String flaky = UUID.randomUUID().toString();
        String hopeless = UUID.randomUUID().toString();
        String fine = UUID.randomUUID().toString();
        Function<EventEnvelope, Uni<Void>> recording = recording(Duration.ZERO);
        consumer = start(settings(10, Duration.ofSeconds(60)), event -> {
            int attempt = deliveries.merge(event.id() + "#attempts", 1, Integer::sum);
            if (event.id().equals(hopeless) || (event.id().equals(flaky) && attempt < 3)) {
                return Uni.createFrom().failure(new IllegalStateException("database away"));
            }
            return recording.apply(event);
        });
        Awaitility.await().atMost(HEAL).until(consumer::isConsuming);
        publishAll(List.of(flaky, hopeless, fine));
        publishRaw("not json at all");

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> applied.containsAll(List.of(flaky, fine))
                && consumer.status().deadLettered() == 2);
        assertThat(applied).doesNotContain(hopeless);
        assertThat(deliveries.get(hopeless + "#attempts")).isEqualTo(4);
        try (Connection connection = connect(outage.brokerPort()); Channel channel = connection.createChannel()) {
            Awaitility.await().atMost(HEAL).until(() -> channel.messageCount(queue + ".dlq") == 2);
        }
    }

    @Test
    void reportsAConsumerThatHoldsDeliveriesWithoutProgressAsStuck() throws Exception {
        consumer = start(settings(5, Duration.ofSeconds(2)), event -> Uni.createFrom().nothing());
        Awaitility.await().atMost(HEAL).until(consumer::isConsuming);
        assertThat(consumer.status().stuck()).isFalse();
        publishAll(ids(1));

        Awaitility.await().atMost(HEAL).until(() -> consumer.status().stuck());
        assertThat(consumer.status().consuming()).isTrue();
        assertThat(consumer.status().unsettled()).isEqualTo(1);
    }

    @Test
    void aBrokerThatIsAwayIsNotAStuckConsumer() throws Exception {
        consumer = start(settings(5, Duration.ofSeconds(1)), recording(Duration.ZERO));
        Awaitility.await().atMost(HEAL).until(consumer::isConsuming);
        outage.begin();
        try {
            Awaitility.await().atMost(HEAL).until(() -> !consumer.isConsuming());
            Awaitility.await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
            assertThat(consumer.status().stuck()).isFalse();
            assertThat(consumer.status().brokerUnreachable()).isTrue();
            assertThat(consumer.status().notConsumingSince()).isNotNull();
        } finally {
            outage.end();
        }
        Awaitility.await().atMost(HEAL).until(consumer::isConsuming);
    }

    // --- helpers ---

    private QueueConsumer.Settings settings(int prefetch, Duration stuckAfter) {
        return new QueueConsumer.Settings(EXCHANGE, "threshold.dead-letters", prefetch, Duration.ofMillis(500),
                Duration.ofMillis(200), 4, Duration.ofSeconds(30), stuckAfter);
    }

    private QueueConsumer start(QueueConsumer.Settings settings, Function<EventEnvelope, Uni<Void>> handler) {
        QueueConsumer started = new QueueConsumer(vertx, factory(outage.port()), settings, queue, List.of(routingKey),
                handler, MAPPER, "queue-consumer-test");
        started.start();
        return started;
    }

    /** Applies each event id once, as the inbox would, on the duplicated context Hibernate Reactive needs. */
    private Function<EventEnvelope, Uni<Void>> recording(Duration work) {
        return event -> {
            if (!VertxContext.isOnDuplicatedContext()) {
                offContext.incrementAndGet();
            }
            deliveries.merge(event.id(), 1, Integer::sum);
            Uni<Void> done = work.isZero() ? Uni.createFrom().voidItem()
                    : Uni.createFrom().voidItem().onItem().delayIt().by(work);
            return done.invoke(() -> applied.add(event.id()));
        };
    }

    private static List<String> ids(int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(UUID.randomUUID().toString());
        }
        return ids;
    }

    /** Publishes each event until the broker confirmed it, as the outbox relay does across outages. */
    private void publishPatiently(List<String> ids, AtomicBoolean stop) {
        int next = 0;
        while (next < ids.size() && !stop.get()) {
            try (Connection connection = connect(outage.brokerPort()); Channel channel = connection.createChannel()) {
                channel.confirmSelect();
                while (next < ids.size() && !stop.get()) {
                    channel.basicPublish(EXCHANGE, routingKey, properties(), envelope(ids.get(next)));
                    channel.waitForConfirmsOrDie(5000);
                    next++;
                    // pacing the load (about 30 events a second), so it spans both outages
                    java.util.concurrent.locks.LockSupport.parkNanos(30_000_000L);
                }
            } catch (Exception brokerAway) {
                Awaitility.await().pollDelay(Duration.ofMillis(200)).until(() -> true);
            }
        }
    }

    private void publishAll(List<String> ids) throws Exception {
        try (Connection connection = connect(outage.brokerPort()); Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            for (int i = 0; i < ids.size(); i++) {
                channel.basicPublish(EXCHANGE, routingKey, properties(), envelope(ids.get(i)));
                if (i % 500 == 499) {
                    channel.waitForConfirmsOrDie(30_000);
                }
            }
            channel.waitForConfirmsOrDie(30_000);
        }
    }

    private void publishRaw(String body) throws Exception {
        try (Connection connection = connect(outage.brokerPort()); Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            channel.basicPublish(EXCHANGE, routingKey, properties(), body.getBytes(StandardCharsets.UTF_8));
            channel.waitForConfirmsOrDie(5000);
        }
    }

    private static AMQP.BasicProperties properties() {
        return new AMQP.BasicProperties.Builder().contentType(EventEnvelope.CONTENT_TYPE).deliveryMode(2).build();
    }

    private byte[] envelope(String id) {
        try {
            EventEnvelope event = new EventEnvelope("1.0", id, "/threshold/test/common", "threshold.test.v1", "s",
                    Instant.now(), "application/json", null, "us-east-1", MAPPER.createObjectNode().put("n", id));
            return MAPPER.writeValueAsBytes(event);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String vhost() {
        return System.getenv().getOrDefault("THRESHOLD_TEST_RABBITMQ_VHOST", "threshold-test");
    }

    private static ConnectionFactory factory(int port) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(port);
        factory.setUsername("guest");
        factory.setPassword("guest");
        factory.setVirtualHost(vhost());
        factory.setConnectionTimeout(2000);
        factory.setRequestedHeartbeat(10);
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        return factory;
    }

    private static Connection connect(int port) throws Exception {
        return factory(port).newConnection("queue-consumer-test-publisher");
    }
}
