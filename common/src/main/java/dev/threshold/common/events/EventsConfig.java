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
