package dev.threshold.identity.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Puts a cuttable proxy between the outbox relay and the real RabbitMQ, and wires a test-only
 * consumer channel ({@code backbone-probe}) to show inbox de-duplication. One instance serves
 * the whole module, so every test shares one Quarkus app.
 */
public class BrokerTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String PROBE_QUEUE = "identity.test.backbone-probe";
    public static final String PROBE_ROUTING_KEY = "test.probe";
    private static TcpProxy proxy;

    public static TcpProxy proxy() {
        return proxy;
    }

    @Override
    public Map<String, String> start() {
        try {
            proxy = new TcpProxy("127.0.0.1", 5672).open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String channel = "mp.messaging.incoming.backbone-probe.";
        return Map.of(
                "threshold.events.broker.port", String.valueOf(proxy.port()),
                "threshold.events.relay.max-backoff", "1s",
                channel + "connector", "smallrye-rabbitmq",
                channel + "exchange.name", "threshold.events",
                channel + "exchange.type", "topic",
                channel + "queue.name", PROBE_QUEUE,
                channel + "queue.durable", "false",
                channel + "queue.auto-delete", "true",
                channel + "routing-keys", PROBE_ROUTING_KEY);
    }

    @Override
    public void stop() {
        try {
            proxy.close();
        } catch (IOException ignored) {
            // test JVM ends
        }
    }
}
