package dev.threshold.common.events;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Outbox relay and broker settings. The broker defaults to the messaging connector's own. */
@ConfigMapping(prefix = "threshold.events")
public interface EventsConfig {

    /** Schema that holds this service's {@code outbox} table. */
    String schema();

    /** Topic exchange events are published to, in the region's virtual host. */
    @WithDefault("threshold.events")
    String exchange();

    Relay relay();

    Broker broker();

    Consumer consumer();

    /** Every {@link EventHandler} of the service, each on its own queue (see {@link QueueConsumer}). */
    interface Consumer {
        /** Whether this instance consumes its queues (off only in tests that drive handlers directly). */
        @WithDefault("true")
        boolean enabled();

        /** Most unacknowledged deliveries the broker hands one consumer (basic.qos). */
        @WithDefault("100")
        int prefetch();

        /** How often a consumer checks its connection and subscribes again when it lost it. */
        @WithDefault("1s")
        Duration reconnectInterval();

        /** Wait before an event whose handler failed goes back to the queue. */
        @WithDefault("1s")
        Duration retryDelay();

        /** Deliveries of one event (quorum queue x-delivery-count) before it goes to the dead-letter queue. */
        @WithDefault("20")
        int maxDeliveries();

        /** Longest a handler may take for one event before it counts as failed. */
        @WithDefault("30s")
        Duration handlerTimeout();

        /**
         * A consumer that holds deliveries without settling any, or cannot subscribe although the
         * broker accepts connections, for this long is reported in liveness (restart me).
         */
        @WithDefault("60s")
        Duration stuckAfter();

        /** Exchange (direct) of the dead-letter queues, one {@code <queue>.dlq} per queue. */
        @WithDefault("threshold.dead-letters")
        String deadLetterExchange();
    }

    interface Relay {
        /** Whether this instance relays its outbox to the broker. */
        @WithDefault("true")
        boolean enabled();

        /** How often the outbox is polled for new events (a Vert.x timer; sub-second works). */
        @WithDefault("0.25s")
        Duration interval();

        /** Most events relayed in one transaction. */
        @WithDefault("500")
        int batchSize();

        /** Longest wait between attempts while the broker is unreachable. */
        @WithDefault("5s")
        Duration maxBackoff();

        /** How long a publisher confirm may take before the batch is retried. */
        @WithDefault("10s")
        Duration confirmTimeout();

        /** Relayed events are kept this long for inspection, then deleted. */
        @WithDefault("7d")
        Duration retention();
    }

    interface Broker {
        @WithDefault("${rabbitmq-host:127.0.0.1}")
        String host();

        @WithDefault("${rabbitmq-port:5672}")
        int port();

        @WithDefault("${rabbitmq-username:guest}")
        String username();

        @WithDefault("${rabbitmq-password:guest}")
        String password();

        @WithDefault("${rabbitmq-virtual-host:/}")
        String virtualHost();

        @WithDefault("2s")
        Duration connectTimeout();
    }
}
