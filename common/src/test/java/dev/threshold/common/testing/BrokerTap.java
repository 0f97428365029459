package dev.threshold.common.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * Listens on the region's exchange straight from the real broker (the test vhost), the
 * way another service would, and remembers every event it sees.
 */
public final class BrokerTap implements AutoCloseable {

    public static final String EXCHANGE = "threshold.events";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Connection connection;
    private final Channel channel;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();

    private BrokerTap(Connection connection, Channel channel) {
        this.connection = connection;
        this.channel = channel;
    }

    public static Connection connect() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(5672);
        factory.setUsername("guest");
        factory.setPassword("guest");
        // the vhost the tested app uses (common's %test.rabbitmq-virtual-host reads the same variable)
        String vhost = System.getenv("THRESHOLD_TEST_RABBITMQ_VHOST");
        factory.setVirtualHost(System.getProperty("threshold.test.vhost",
                vhost == null || vhost.isBlank() ? "threshold-test" : vhost));
        return factory.newConnection("test-tap");
    }

    public static BrokerTap listen(String... routingKeys) throws Exception {
        Connection connection = connect();
        Channel channel = connection.createChannel();
        channel.exchangeDeclare(EXCHANGE, "topic", true);
        String queue = channel.queueDeclare().getQueue();
        for (String key : routingKeys) {
            channel.queueBind(queue, EXCHANGE, key);
        }
        BrokerTap tap = new BrokerTap(connection, channel);
        channel.basicConsume(queue, true, (tag, delivery) -> tap.received.add(MAPPER.readTree(delivery.getBody())),
                tag -> { });
        return tap;
    }

    public JsonNode await(Predicate<JsonNode> match, Duration timeout) {
        return Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(50))
                .until(() -> received.stream().filter(match).findFirst().orElse(null), e -> e != null);
    }

    public List<String> ids(Predicate<JsonNode> match) {
        return received.stream().filter(match).map(e -> e.path("id").asText()).toList();
    }

    public long count(Predicate<JsonNode> match) {
        return received.stream().filter(match).count();
    }

    public static void publish(String routingKey, String json) throws Exception {
        try (Connection connection = connect(); Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            channel.basicPublish(EXCHANGE, routingKey,
                    new AMQP.BasicProperties.Builder().contentType("application/cloudevents+json").deliveryMode(2).build(),
                    json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            channel.waitForConfirmsOrDie(5000);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } catch (Exception ignored) {
            // closing anyway
        }
        connection.close();
    }
}
