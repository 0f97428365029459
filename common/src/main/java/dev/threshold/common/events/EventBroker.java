package dev.threshold.common.events;

import com.rabbitmq.client.AMQP;
import dev.threshold.common.region.RegionConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Date;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The outbox relay's connection to RabbitMQ: a channel in confirm mode on the region's
 * {@code threshold.events} topic exchange. A failed connection is dropped and made anew on the
 * next attempt; nothing here retries on its own.
 */
@ApplicationScoped
public class EventBroker {

    private static final Logger LOG = Logger.getLogger(EventBroker.class);

    private final Vertx vertx;
    private final EventsConfig config;
    private final RegionConfig region;
    private volatile RabbitMQClient client;
    private volatile boolean reportedDown;

    public EventBroker(Vertx vertx, EventsConfig config, RegionConfig region) {
        this.vertx = vertx;
        this.config = config;
        this.region = region;
    }

    /** One event to publish: routing key, CloudEvents id, the structured JSON envelope. */
    public record Outgoing(String routingKey, String eventId, String json) {
    }

    public boolean isConnected() {
        RabbitMQClient current = client;
        return current != null && current.isConnected();
    }

    Uni<RabbitMQClient> connect() {
        RabbitMQClient current = client;
        if (current != null && current.isConnected()) {
            return Uni.createFrom().item(current);
        }
        drop();
        EventsConfig.Broker broker = config.broker();
        RabbitMQOptions options = new RabbitMQOptions()
                .setHost(broker.host())
                .setPort(broker.port())
                .setUser(broker.username())
                .setPassword(broker.password())
                .setVirtualHost(broker.virtualHost())
                .setConnectionTimeout((int) broker.connectTimeout().toMillis())
                .setAutomaticRecoveryEnabled(false)
                .setReconnectAttempts(0)
                .setConnectionName(region.service() + "-outbox-relay");
        RabbitMQClient fresh = RabbitMQClient.create(vertx, options);
        return fresh.start()
                .chain(() -> fresh.exchangeDeclare(config.exchange(), "topic", true, false))
                .chain(fresh::confirmSelect)
                .invoke(() -> {
                    client = fresh;
                    if (reportedDown) {
                        LOG.infof("Event broker %s:%d/%s reachable again", broker.host(), broker.port(), broker.virtualHost());
                    }
                    reportedDown = false;
                })
                .replaceWith(fresh)
                .onFailure().call(failure -> {
                    if (!reportedDown) {
                        LOG.warnf("Event broker %s:%d/%s unreachable (%s); events stay in the outbox",
                                broker.host(), broker.port(), broker.virtualHost(), failure.getMessage());
                    }
                    reportedDown = true;
                    return fresh.stop().onFailure().recoverWithNull();
                });
    }

    /** Publishes in order and completes once the broker has confirmed every message. */
    Uni<Void> publishAll(List<Outgoing> events) {
        return connect()
                .chain(channel -> Multi.createFrom().iterable(events)
                        .onItem().transformToUniAndConcatenate(event -> channel.basicPublish(config.exchange(),
                                event.routingKey(), properties(event), Buffer.buffer(event.json())))
                        .collect().last()
                        .chain(() -> channel.waitForConfirms(config.relay().confirmTimeout().toMillis())))
                .onFailure().invoke(this::drop);
    }

    private AMQP.BasicProperties properties(Outgoing event) {
        return new AMQP.BasicProperties.Builder()
                .contentType(EventEnvelope.CONTENT_TYPE)
                .deliveryMode(2)
                .messageId(event.eventId())
                .timestamp(new Date())
                .build();
    }

    private void drop() {
        RabbitMQClient current = client;
        client = null;
        if (current != null) {
            current.stop().subscribe().with(ignored -> { }, ignored -> { });
        }
    }

    @PreDestroy
    void close() {
        drop();
    }
}
