package dev.threshold.common.testing;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * A broker outage a test can start and end. With {@code THRESHOLD_TEST_RABBITMQ_NODE} set (a
 * private RabbitMQ node such as {@code rel@localhost}, listening on {@code THRESHOLD_RABBITMQ_PORT})
 * it is the real thing, {@code rabbitmqctl stop_app} / {@code start_app}: connections closed by
 * the broker, the port refused, queues unavailable. Without it, the shared broker is never
 * touched: a {@link TcpProxy} in front of it is cut and opened again, which the client sees as a
 * broker that went away. {@link #port()} is where the code under test must connect.
 */
public final class BrokerOutage implements AutoCloseable {

    private final String node;
    private final int brokerPort;
    private final TcpProxy proxy;

    private BrokerOutage(String node, int brokerPort, TcpProxy proxy) {
        this.node = node;
        this.brokerPort = brokerPort;
        this.proxy = proxy;
    }

    public static BrokerOutage create() throws IOException {
        String node = System.getenv("THRESHOLD_TEST_RABBITMQ_NODE");
        int port = Integer.parseInt(System.getenv().getOrDefault("THRESHOLD_RABBITMQ_PORT", "5672"));
        if (node != null && !node.isBlank()) {
            return new BrokerOutage(node, port, null);
        }
        return new BrokerOutage(null, port, new TcpProxy("127.0.0.1", port).open());
    }

    /** Whether this is a real broker stop (publishers are refused too) rather than a cut proxy. */
    public boolean stopsTheBroker() {
        return node != null;
    }

    /** Port for the code under test. */
    public int port() {
        return proxy == null ? brokerPort : proxy.port();
    }

    /** Port of the broker itself, for test publishers that should not be cut by the proxy. */
    public int brokerPort() {
        return brokerPort;
    }

    public void begin() throws IOException, InterruptedException {
        if (proxy != null) {
            proxy.cut();
        } else {
            rabbitmqctl("stop_app");
        }
    }

    public void end() throws IOException, InterruptedException {
        if (proxy != null) {
            proxy.open();
        } else {
            rabbitmqctl("start_app");
            rabbitmqctl("await_startup");
        }
    }

    private void rabbitmqctl(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("rabbitmqctl", "-n", node, command).inheritIO().start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("rabbitmqctl -n " + node + " " + command + " failed");
        }
    }

    /** Ends an outage that a failed test left running. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (proxy != null) {
            proxy.close();
        } else {
            end();
        }
    }
}
