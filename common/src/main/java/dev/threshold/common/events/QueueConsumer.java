package dev.threshold.common.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * One queue's consumer, on the RabbitMQ Java client with nothing left to the client's own
 * recovery: a supervisor thread checks every {@code reconnect-interval} that the consumer is
 * subscribed and otherwise connects, declares the topology and subscribes again, however many
 * outages there were. At most {@code prefetch} deliveries are unacknowledged at a time
 * (basic.qos), and they are applied one after another, in delivery order, each on a fresh
 * Vert.x duplicated context (what Hibernate Reactive needs). A delivery is acknowledged only
 * after its handler's transaction committed; a failed one goes back to the queue after
 * {@code retry-delay} and to {@code <queue>.dlq} after {@code max-deliveries}. Deliveries of a
 * channel that died are dropped unapplied: the broker delivers them again on the next channel,
 * and the inbox skips any that had been applied already.
 */
public final class QueueConsumer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(QueueConsumer.class);

    /** Settings of one consumer; {@link #of(EventsConfig)} reads {@code threshold.events.consumer.*}. */
    public record Settings(String exchange, String deadLetterExchange, int prefetch, Duration reconnectInterval,
            Duration retryDelay, int maxDeliveries, Duration handlerTimeout, Duration stuckAfter) {

        public static Settings of(EventsConfig config) {
            EventsConfig.Consumer consumer = config.consumer();
            return new Settings(config.exchange(), consumer.deadLetterExchange(), consumer.prefetch(),
                    consumer.reconnectInterval(), consumer.retryDelay(), consumer.maxDeliveries(),
                    consumer.handlerTimeout(), consumer.stuckAfter());
        }
    }

    /** What health and tests see of a consumer. */
    public record Status(String queue, boolean consuming, boolean brokerUnreachable, Instant notConsumingSince,
            int unsettled, long applied, long retried, long deadLettered, String lastError, boolean stuck) {
    }

    private enum Outcome { ACK, RETRY, DEAD_LETTER }

    private record Delivery(Channel channel, long tag, byte[] body, long previousDeliveries) {
    }

    private final Vertx vertx;
    private final ConnectionFactory factory;
    private final Settings settings;
    private final String queue;
    private final List<String> routingKeys;
    private final Function<EventEnvelope, Uni<Void>> handler;
    private final ObjectMapper mapper;
    private final String connectionName;
    private final boolean perInstance;
    private final Runnable onSubscribed;
    private final ScheduledExecutorService supervisor;
    private final ConcurrentLinkedQueue<Delivery> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicInteger unsettled = new AtomicInteger();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private volatile Context root;
    private volatile Connection connection;
    private volatile Channel channel;
    private volatile String consumerTag;
    private volatile Instant notConsumingSince = Instant.now();
    private volatile Instant lastActivity = Instant.now();
    private volatile Instant lastSupervision = Instant.now();
    private volatile boolean brokerUnreachable;
    private volatile boolean everConsumed;
    private volatile String lastError;
    private volatile boolean closed;

    public QueueConsumer(Vertx vertx, ConnectionFactory factory, Settings settings, String queue,
            List<String> routingKeys, Function<EventEnvelope, Uni<Void>> handler, ObjectMapper mapper,
            String connectionName) {
        this(vertx, factory, settings, queue, routingKeys, handler, mapper, connectionName, false, () -> { });
    }

    /**
     * @param perInstance a queue of this process alone: non-durable, exclusive and auto-delete, with no
     *     dead letters (it goes away with the connection, so what is published while the broker is away
     *     never reaches it; {@code onSubscribed} is where the handler catches up)
     * @param onSubscribed runs on the supervisor thread after every successful (re)subscription
     */
    public QueueConsumer(Vertx vertx, ConnectionFactory factory, Settings settings, String queue,
            List<String> routingKeys, Function<EventEnvelope, Uni<Void>> handler, ObjectMapper mapper,
            String connectionName, boolean perInstance, Runnable onSubscribed) {
        this.perInstance = perInstance;
        this.onSubscribed = onSubscribed;
        this.vertx = vertx;
        this.factory = factory;
        this.settings = settings;
        this.queue = queue;
        this.routingKeys = List.copyOf(routingKeys);
        this.handler = handler;
        this.mapper = mapper;
        this.connectionName = connectionName;
        this.supervisor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "event-consumer-" + queue);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A connection factory for the broker settings, without the client's automatic recovery. */
    public static ConnectionFactory connectionFactory(EventsConfig.Broker broker) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(broker.host());
        factory.setPort(broker.port());
        factory.setUsername(broker.username());
        factory.setPassword(broker.password());
        factory.setVirtualHost(broker.virtualHost());
        factory.setConnectionTimeout((int) broker.connectTimeout().toMillis());
        factory.setHandshakeTimeout((int) Math.max(broker.connectTimeout().toMillis(), 5000));
        factory.setRequestedHeartbeat(10);
        // recovery is the supervisor's job: one code path for every way a connection ends
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        return factory;
    }

    public String queue() {
        return queue;
    }

    public void start() {
        root = vertx.getOrCreateContext();
        long interval = settings.reconnectInterval().toMillis();
        supervisor.scheduleWithFixedDelay(this::supervise, 0, interval, TimeUnit.MILLISECONDS);
    }

    public Status status() {
        Instant now = Instant.now();
        Duration stuckAfter = settings.stuckAfter();
        boolean consuming = isConsuming();
        boolean holdingWithoutProgress = unsettled.get() > 0 && lastActivity.plus(stuckAfter).isBefore(now);
        boolean supervisorStalled = !closed
                && lastSupervision.plus(stuckAfter).plus(settings.reconnectInterval()).isBefore(now);
        Instant since = notConsumingSince;
        boolean cannotSubscribe = !consuming && !brokerUnreachable && since != null
                && since.plus(stuckAfter).isBefore(now);
        return new Status(queue, consuming, brokerUnreachable, consuming ? null : since, unsettled.get(),
                applied.get(), retried.get(), deadLettered.get(), lastError,
                holdingWithoutProgress || supervisorStalled || cannotSubscribe);
    }

    public boolean isConsuming() {
        Channel current = channel;
        return current != null && current.isOpen() && consumerTag != null;
    }

    // --- connection supervision (supervisor thread) ---

    private void supervise() {
        lastSupervision = Instant.now();
        if (closed) {
            return;
        }
        try {
            if (!isConsuming()) {
                subscribe();
            }
        } catch (RuntimeException | Error e) {
            // never let the scheduled task die: it is what heals the consumer
            lastError = e.toString();
            LOG.errorf(e, "%s: consumer supervision failed", queue);
        }
    }

    private void subscribe() {
        notConsuming();
        closeConnection();
        Connection fresh;
        try {
            fresh = factory.newConnection(connectionName);
        } catch (IOException | TimeoutException e) {
            boolean unreachable = isUnreachable(e);
            if (!brokerUnreachable || !unreachable) {
                LOG.warnf("%s: cannot connect to the event broker (%s); trying again every %s", queue, describe(e),
                        settings.reconnectInterval());
            }
            brokerUnreachable = unreachable;
            lastError = describe(e);
            return;
        }
        brokerUnreachable = false;
        try {
            Channel fresh_channel = fresh.createChannel();
            declare(fresh_channel);
            fresh_channel.basicQos(settings.prefetch());
            unsettled.set(0);
            pending.clear();
            connection = fresh;
            channel = fresh_channel;
            consumerTag = fresh_channel.basicConsume(queue, false, connectionName, new Receiver(fresh_channel));
            lastActivity = Instant.now();
            Instant since = notConsumingSince;
            notConsumingSince = null;
            lastError = null;
            if (everConsumed) {
                LOG.infof("%s: consuming again after %s without the broker", queue,
                        since == null ? "?" : Duration.between(since, Instant.now()));
            }
            everConsumed = true;
            onSubscribed.run();
        } catch (IOException | RuntimeException e) {
            lastError = describe(e);
            LOG.warnf("%s: connected but cannot subscribe (%s); trying again every %s", queue, describe(e),
                    settings.reconnectInterval());
            channel = null;
            consumerTag = null;
            closeQuietly(fresh);
            connection = null;
        }
    }

    /** Declares what the smallrye-rabbitmq connector declared, so existing queues are reused unchanged. */
    private void declare(Channel target) throws IOException {
        target.exchangeDeclare(settings.exchange(), "topic", true, false, null);
        if (perInstance) {
            target.queueDeclare(queue, false, true, true, null);
            for (String key : routingKeys) {
                target.queueBind(queue, settings.exchange(), key);
            }
            return;
        }
        target.exchangeDeclare(settings.deadLetterExchange(), "direct", true, false, null);
        String deadLetters = queue + ".dlq";
        target.queueDeclare(deadLetters, true, false, false, Map.of("x-queue-type", "quorum"));
        target.queueBind(deadLetters, settings.deadLetterExchange(), queue);
        Map<String, Object> arguments = new HashMap<>();
        arguments.put("x-queue-type", "quorum");
        arguments.put("x-dead-letter-exchange", settings.deadLetterExchange());
        arguments.put("x-dead-letter-routing-key", queue);
        target.queueDeclare(queue, true, false, false, arguments);
        for (String key : routingKeys) {
            target.queueBind(queue, settings.exchange(), key);
        }
    }

    private void notConsuming() {
        consumerTag = null;
        if (notConsumingSince == null) {
            notConsumingSince = Instant.now();
        }
    }

    private final class Receiver extends DefaultConsumer {

        Receiver(Channel channel) {
            super(channel);
        }

        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
            unsettled.incrementAndGet();
            pending.add(new Delivery(getChannel(), envelope.getDeliveryTag(), body,
                    previousDeliveries(properties, envelope)));
            drain();
        }

        @Override
        public void handleCancel(String tag) {
            LOG.warnf("%s: the broker cancelled the consumer; subscribing again", queue);
            if (getChannel() == channel) {
                notConsuming();
            }
        }

        @Override
        public void handleShutdownSignal(String tag, ShutdownSignalException signal) {
            if (getChannel() == channel && !closed) {
                LOG.warnf("%s: lost the event broker (%s); reconnecting every %s", queue, signal.getMessage(),
                        settings.reconnectInterval());
                notConsuming();
            }
        }
    }

    private static long previousDeliveries(AMQP.BasicProperties properties, Envelope envelope) {
        Map<String, Object> headers = properties.getHeaders();
        Object count = headers == null ? null : headers.get("x-delivery-count");
        if (count instanceof Number number) {
            return number.longValue();
        }
        return envelope.isRedeliver() ? 1 : 0;
    }

    // --- applying deliveries, one at a time ---

    private void drain() {
        if (!draining.compareAndSet(false, true)) {
            return;
        }
        Delivery next;
        while ((next = pending.poll()) != null && !isCurrent(next.channel())) {
            // the channel it came on is gone: the broker delivers it again on the new one
        }
        if (next == null) {
            draining.set(false);
            if (!pending.isEmpty()) {
                drain();
            }
            return;
        }
        Delivery delivery = next;
        Context context = VertxContext.createNewDuplicatedContext(root);
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> apply(delivery).subscribe().with(
                outcome -> settle(delivery, outcome),
                failure -> settle(delivery, Outcome.RETRY)));
    }

    private Uni<Outcome> apply(Delivery delivery) {
        EventEnvelope event;
        try {
            event = EventEnvelope.parse(delivery.body(), mapper);
        } catch (RuntimeException e) {
            LOG.warnf("%s: a message that is not a CloudEvents envelope goes to %s.dlq (%s)", queue, queue,
                    e.getMessage());
            return Uni.createFrom().item(Outcome.DEAD_LETTER);
        }
        return Uni.createFrom().deferred(() -> handler.apply(event))
                .ifNoItem().after(settings.handlerTimeout()).fail()
                .replaceWith(Outcome.ACK)
                .onFailure().recoverWithUni(failure -> {
                    if (delivery.previousDeliveries() + 1 >= settings.maxDeliveries()) {
                        LOG.errorf(failure, "%s: event %s (%s) failed %d times; it goes to %s.dlq", queue, event.id(),
                                event.type(), delivery.previousDeliveries() + 1, queue);
                        return Uni.createFrom().item(Outcome.DEAD_LETTER);
                    }
                    LOG.warnf("%s: event %s (%s) failed (%s); delivered again in %s", queue, event.id(), event.type(),
                            failure.toString(), settings.retryDelay());
                    return Uni.createFrom().item(Outcome.RETRY).onItem().delayIt().by(settings.retryDelay());
                });
    }

    /** Acknowledges on the channel the delivery came on, if that is still the live one; then the next. */
    private void settle(Delivery delivery, Outcome outcome) {
        if (closed) {
            return; // the broker delivers it again to whoever consumes next
        }
        try {
            supervisor.execute(() -> settleNow(delivery, outcome));
        } catch (RejectedExecutionException closing) {
            // closed meanwhile: same as above
        }
    }

    private void settleNow(Delivery delivery, Outcome outcome) {
        try {
            if (isCurrent(delivery.channel())) {
                switch (outcome) {
                    case ACK -> delivery.channel().basicAck(delivery.tag(), false);
                    case RETRY -> delivery.channel().basicNack(delivery.tag(), false, true);
                    case DEAD_LETTER -> delivery.channel().basicReject(delivery.tag(), false);
                }
                unsettled.decrementAndGet();
            }
            switch (outcome) {
                case ACK -> applied.incrementAndGet();
                case RETRY -> retried.incrementAndGet();
                case DEAD_LETTER -> deadLettered.incrementAndGet();
            }
        } catch (IOException | RuntimeException e) {
            // the channel died meanwhile: the delivery comes again and the inbox skips it
            LOG.debugf("%s: could not settle delivery %d (%s)", queue, delivery.tag(), e);
        } finally {
            lastActivity = Instant.now();
            draining.set(false);
            drain();
        }
    }

    private boolean isCurrent(Channel deliveredOn) {
        return deliveredOn == channel && deliveredOn.isOpen();
    }

    // --- teardown ---

    private void closeConnection() {
        Connection current = connection;
        connection = null;
        channel = null;
        if (current != null) {
            closeQuietly(current);
        }
    }

    private static void closeQuietly(Connection target) {
        try {
            target.abort(2000);
        } catch (RuntimeException ignored) {
            // already gone
        }
    }

    @Override
    public void close() {
        closed = true;
        supervisor.shutdownNow();
        closeConnection();
    }

    private static boolean isUnreachable(Exception e) {
        Throwable cause = e;
        while (cause != null) {
            if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
                    || cause instanceof UnknownHostException || cause instanceof SocketTimeoutException
                    || cause instanceof TimeoutException) {
                return true;
            }
            cause = cause.getCause();
        }
        // a connection the broker closed during the handshake (starting or stopping) is not a broken client either
        return e instanceof IOException && e.getCause() instanceof ShutdownSignalException;
    }

    private static String describe(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
