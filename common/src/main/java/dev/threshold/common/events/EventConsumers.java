package dev.threshold.common.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threshold.common.region.RegionConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;

/**
 * Runs one {@link QueueConsumer} per {@link EventHandler} bean of the service, each applying its
 * events through the {@link Inbox} (queue name = inbox consumer name).
 */
@ApplicationScoped
public class EventConsumers {

    private static final Logger LOG = Logger.getLogger(EventConsumers.class);
    private static final String INSTANCE = UUID.randomUUID().toString();

    private final Instance<EventHandler> handlers;
    private final Inbox inbox;
    private final EventsConfig config;
    private final RegionConfig region;
    private final ObjectMapper mapper;
    private final Vertx vertx;
    private final List<QueueConsumer> consumers = new CopyOnWriteArrayList<>();

    public EventConsumers(Instance<EventHandler> handlers, Inbox inbox, EventsConfig config, RegionConfig region,
            ObjectMapper mapper, Vertx vertx) {
        this.handlers = handlers;
        this.inbox = inbox;
        this.config = config;
        this.region = region;
        this.mapper = mapper;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent startup) {
        if (!config.consumer().enabled()) {
            LOG.info("Event consumers disabled (threshold.events.consumer.enabled=false)");
            return;
        }
        QueueConsumer.Settings settings = QueueConsumer.Settings.of(config);
        for (EventHandler handler : handlers) {
            String queue = handler.perInstance() ? handler.queue() + "." + INSTANCE : handler.queue();
            Function<EventEnvelope, Uni<Void>> apply = handler.perInstance() ? handler::apply
                    : event -> inbox.applyOnce(queue, event, () -> handler.apply(event)).replaceWithVoid();
            QueueConsumer consumer = new QueueConsumer(vertx, QueueConsumer.connectionFactory(config.broker()),
                    settings, queue, handler.routingKeys(), apply, mapper, region.service() + "-" + queue,
                    handler.perInstance(), handler::subscribed);
            consumers.add(consumer);
            consumer.start();
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        consumers.forEach(QueueConsumer::close);
    }

    public List<QueueConsumer.Status> status() {
        return consumers.stream().map(QueueConsumer::status).toList();
    }

    public boolean enabled() {
        return config.consumer().enabled();
    }
}
