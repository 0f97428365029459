package dev.threshold.identity.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threshold.common.events.EventBroker;
import dev.threshold.common.events.EventEnvelope;
import dev.threshold.common.events.EventsConfig;
import dev.threshold.common.events.Outbox;
import dev.threshold.common.events.OutboxRelay;
import dev.threshold.common.region.RegionConfig;
import dev.threshold.common.testing.BrokerTap;
import dev.threshold.common.testing.ManagementInterface;
import dev.threshold.identity.support.BrokerTestResource;
import dev.threshold.identity.support.Operator;
import dev.threshold.identity.support.ProbeConsumer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The events backbone against the real RabbitMQ and Postgres. */
@QuarkusTest
@QuarkusTestResource(value = BrokerTestResource.class, restrictToAnnotatedClass = false)
class OutboxBackboneTest {

    private static final Duration DELIVERY = Duration.ofSeconds(20);

    @Inject
    Outbox outbox;
    @Inject
    OutboxRelay relay;
    @Inject
    DataSource dataSource;
    @Inject
    Pool pool;
    @Inject
    Vertx vertx;
    @Inject
    EventsConfig eventsConfig;
    @Inject
    RegionConfig regionConfig;
    @Inject
    ObjectMapper mapper;

    @Test
    void publishesCloudEventWhenOrganizationIsCreated() throws Exception {
        String name = Operator.uniqueOrgName("events");
        try (BrokerTap tap = BrokerTap.listen("org.created")) {
            String orgId = Operator.createOrg(name).statusCode(201).extract().path("id");

            JsonNode event = tap.await(e -> orgId.equals(e.path("subject").asText()), DELIVERY);

            assertThat(event.path("specversion").asText()).isEqualTo("1.0");
            assertThat(event.path("type").asText()).isEqualTo("threshold.org.created.v1");
            assertThat(event.path("source").asText()).isEqualTo("/threshold/us-east-1/identity-service");
            assertThat(event.path("orgid").asText()).isEqualTo(orgId);
            assertThat(event.path("region").asText()).isEqualTo("us-east-1");
            assertThat(event.path("datacontenttype").asText()).isEqualTo("application/json");
            assertThat(event.path("data").path("name").asText()).isEqualTo(name);
            assertThat(event.path("data").path("admin").path("locale").asText()).isEqualTo("de");
            assertThat(UUID.fromString(event.path("id").asText())).isNotNull();
            assertThat(Instant.parse(event.path("time").asText())).isBefore(Instant.now().plusSeconds(1));
        }
    }

    @Test
    void neverPublishesEventWhenTransactionRollsBack() throws Throwable {
        String subject = "rollback-" + UUID.randomUUID();
        AtomicReference<String> rolledBackId = new AtomicReference<>();
        try (BrokerTap tap = BrokerTap.listen("test.rollback")) {
            assertThatThrownBy(() -> VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                    () -> outbox.append("test.rollback", subject, null, Map.of("step", "first"))
                            .invoke(event -> rolledBackId.set(event.id()))
                            .chain(event -> Uni.createFrom().failure(new IllegalStateException("state change failed"))))))
                    .hasMessageContaining("state change failed");
            String committedId = appendCommitted("test.rollback", subject);

            tap.await(e -> committedId.equals(e.path("id").asText()), DELIVERY);

            // relayed in id order, so a rolled-back event would have arrived before the marker
            assertThat(tap.count(e -> rolledBackId.get().equals(e.path("id").asText()))).isZero();
            assertThat(outboxRow(rolledBackId.get())).isNull();
        }
    }

    @Test
    void deliversEventsWrittenWhileBrokerUnreachableWhenItIsBack() throws Exception {
        try (BrokerTap tap = BrokerTap.listen("org.created")) {
            BrokerTestResource.proxy().cut();
            String orgId;
            try {
                given().baseUri(ManagementInterface.baseUri()).when().get("/q/health/ready").then().statusCode(503);
                orgId = Operator.createOrg(Operator.uniqueOrgName("offline")).statusCode(201).extract().path("id");
                String eventId = eventIdOf(orgId);
                Awaitility.await().atMost(DELIVERY).until(() -> attempts(eventId) > 0);
                assertThat(tap.count(e -> orgId.equals(e.path("subject").asText()))).isZero();
                assertThat(outboxRow(eventId).get("published_at")).isNull();
            } finally {
                BrokerTestResource.proxy().open();
            }

            tap.await(e -> orgId.equals(e.path("subject").asText()), DELIVERY);
            String management = ManagementInterface.baseUri(); // on the test thread, not Awaitility's
            Awaitility.await().atMost(DELIVERY).untilAsserted(() ->
                    given().baseUri(management).when().get("/q/health/ready").then().statusCode(200));
            assertThat(outboxRow(eventIdOf(orgId)).get("published_at")).isNotNull();
        }
    }

    @Test
    void appliesRedeliveredEventOnce() throws Exception {
        EventEnvelope duplicate = probeEvent();
        EventEnvelope marker = probeEvent();
        String duplicateJson = mapper.writeValueAsString(duplicate);

        BrokerTap.publish(BrokerTestResource.PROBE_ROUTING_KEY, duplicateJson);
        BrokerTap.publish(BrokerTestResource.PROBE_ROUTING_KEY, duplicateJson);
        BrokerTap.publish(BrokerTestResource.PROBE_ROUTING_KEY, mapper.writeValueAsString(marker));

        Awaitility.await().atMost(DELIVERY).until(() -> ProbeConsumer.APPLIED.containsKey(marker.id()));
        assertThat(ProbeConsumer.APPLIED.get(duplicate.id())).isEqualTo(1);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "select count(*) from identity.inbox where consumer = ? and event_id = ?")) {
            query.setString(1, "identity.test.backbone-probe");
            query.setString(2, duplicate.id());
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(1);
            }
        }
    }

    @Test
    void freshRelayDeliversWhatAStoppedInstanceLeftInTheOutbox() throws Throwable {
        try (BrokerTap tap = BrokerTap.listen("test.restart")) {
            relay.pause();
            String eventId;
            try {
                eventId = appendCommitted("test.restart", "restart-" + UUID.randomUUID());
                // a new process: its own broker connection, nothing but the database in common
                EventBroker freshBroker = new EventBroker(vertx, eventsConfig, regionConfig);
                OutboxRelay freshRelay = new OutboxRelay(pool, freshBroker, eventsConfig, new SimpleMeterRegistry(), vertx);
                Awaitility.await().atMost(DELIVERY).until(() -> {
                    relayOnce(freshRelay);
                    return outboxRow(eventId).get("published_at") != null;
                });
            } finally {
                relay.resume();
            }
            String published = eventId;
            tap.await(e -> published.equals(e.path("id").asText()), DELIVERY);
            assertThat(tap.count(e -> published.equals(e.path("id").asText()))).isEqualTo(1);
        }
    }

    @Test
    void publishesEventsOfOneAggregateInCommitOrder() throws Throwable {
        String subject = "ordered-" + UUID.randomUUID();
        try (BrokerTap tap = BrokerTap.listen("test.ordered")) {
            java.util.List<String> committed = new java.util.ArrayList<>();
            for (int i = 0; i < 30; i++) {
                committed.add(appendCommitted("test.ordered", subject));
            }
            tap.await(e -> committed.get(29).equals(e.path("id").asText()), DELIVERY);
            java.util.List<String> received = tap.ids(e -> subject.equals(e.path("subject").asText()));
            assertThat(received).containsExactlyElementsOf(committed);
        }
    }

    @Test
    void reportsBrokerAndDatabaseInReadiness() {
        given().baseUri(ManagementInterface.baseUri()).when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'event-broker' }.status", equalTo("UP"))
                .body("checks.find { it.name.contains('Reactive PostgreSQL') }.status", equalTo("UP"));
    }

    private static void relayOnce(OutboxRelay relay) throws Exception {
        try {
            VertxContextSupport.subscribeAndAwait(relay::relayOnce);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private EventEnvelope probeEvent() {
        return new EventEnvelope("1.0", UUID.randomUUID().toString(), "/threshold/test", "threshold.test.probe.v1",
                "probe", Instant.now(), "application/json", null, "us-east-1", mapper.createObjectNode());
    }

    private String appendCommitted(String name, String subject) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                () -> outbox.append(name, subject, null, Map.of("step", "marker")))).id();
    }

    private String eventIdOf(String orgId) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "select event_id from identity.outbox where aggregate_id = ? and type = 'org.created'")) {
            query.setString(1, orgId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    private int attempts(String eventId) throws Exception {
        Map<String, Object> row = outboxRow(eventId);
        return row == null ? 0 : (Integer) row.get("attempts");
    }

    private Map<String, Object> outboxRow(String eventId) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "select attempts, published_at, last_error from identity.outbox where event_id = ?::uuid")) {
            query.setString(1, eventId);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                java.util.HashMap<String, Object> row = new java.util.HashMap<>();
                row.put("attempts", rows.getInt("attempts"));
                row.put("published_at", rows.getObject("published_at"));
                row.put("last_error", rows.getString("last_error"));
                return row;
            }
        }
    }
}
