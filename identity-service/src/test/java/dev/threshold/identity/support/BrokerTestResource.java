package dev.threshold.identity.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import dev.threshold.common.testing.BrokerTap;
import dev.threshold.common.testing.TcpProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Puts a cuttable proxy between the service (outbox relay and event consumers) and the real
 * RabbitMQ; {@link ProbeConsumer} (queue {@value #PROBE_QUEUE}) shows inbox de-duplication. One instance serves
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
            proxy = new TcpProxy("127.0.0.1", BrokerTap.brokerPort()).open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "threshold.events.broker.port", String.valueOf(proxy.port()),
                "threshold.events.relay.max-backoff", "1s");
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
