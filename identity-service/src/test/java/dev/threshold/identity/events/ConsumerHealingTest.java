package dev.threshold.identity.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threshold.common.events.EventConsumers;
import dev.threshold.common.events.EventEnvelope;
import dev.threshold.common.events.QueueConsumer;
import dev.threshold.common.testing.BrokerTap;
import dev.threshold.common.testing.ManagementInterface;
import dev.threshold.common.testing.TestDatabase;
import dev.threshold.identity.support.BrokerTestResource;
import dev.threshold.identity.support.ProbeConsumer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The service's event consumers (common's EventConsumers, here with the test-only ProbeConsumer)
 * lose the broker twice while events keep arriving, and take every event exactly once (inbox rows
 * and effects counted) within 10 s of each return. The broker itself is the shared one: a proxy
 * between it and the service is cut.
 */
@QuarkusTest
@QuarkusTestResource(value = BrokerTestResource.class, restrictToAnnotatedClass = false)
class ConsumerHealingTest {

    private static final Duration HEAL = Duration.ofSeconds(10);

    @Inject
    EventConsumers consumers;
    @Inject
    ObjectMapper mapper;

    @Test
    void consumersResumeAfterEveryOutageAndApplyEachEventOnce() throws Exception {
        Awaitility.await().atMost(HEAL).until(this::allConsuming);
        String management = ManagementInterface.baseUri();
        List<String> ids = new ArrayList<>();
        publish(ids, 20);
        for (Duration outage : List.of(Duration.ofSeconds(8), Duration.ofSeconds(3))) {
            BrokerTestResource.proxy().cut();
            try {
                Awaitility.await().atMost(HEAL).until(() -> !allConsuming());
                given().baseUri(management).get("/q/health/ready").then().statusCode(503)
                        .body("checks.find { it.name == 'event-consumers' }.status", equalTo("DOWN"));
                // a broker that is away is no reason to restart the process
                given().baseUri(management).get("/q/health/live").then().statusCode(200);
                publish(ids, 30); // queued at the broker meanwhile
                Awaitility.await().pollDelay(outage).atMost(outage.plusSeconds(1)).until(() -> true);
            } finally {
                BrokerTestResource.proxy().open();
            }
            Instant back = Instant.now();
            Awaitility.await().atMost(HEAL).pollInterval(Duration.ofMillis(100)).until(this::allConsuming);
            assertThat(Duration.between(back, Instant.now())).isLessThan(HEAL);
        }
        publish(ids, 20);
        // one duplicate, as a relay retrying an unconfirmed batch would send
        BrokerTap.publish(BrokerTestResource.PROBE_ROUTING_KEY, envelope(ids.get(0)));

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream()
                .allMatch(ProbeConsumer.APPLIED::containsKey));
        assertThat(ids).allSatisfy(id -> assertThat(ProbeConsumer.APPLIED.get(id)).isEqualTo(1));
        assertThat(TestDatabase.count("select count(*) from identity.inbox where consumer = ? and event_id = any(?)",
                BrokerTestResource.PROBE_QUEUE, ids.toArray(String[]::new))).isEqualTo(ids.size());
        Awaitility.await().atMost(HEAL)
                .untilAsserted(() -> given().baseUri(management).get("/q/health/ready").then().statusCode(200));
        given().baseUri(management).get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name == 'event-consumers-progress' }.status", equalTo("UP"));
    }

    @Test
    void everyConsumerOfTheServiceRunsOnItsOwnQueue() {
        assertThat(consumers.status()).extracting(QueueConsumer.Status::queue)
                .contains("identity.invitation-events", "identity.mfa-events", BrokerTestResource.PROBE_QUEUE)
                .anyMatch(queue -> queue.startsWith("identity.session-revocations.")); // one per instance
    }

    private boolean allConsuming() {
        return consumers.status().stream().allMatch(QueueConsumer.Status::consuming);
    }

    private void publish(List<String> ids, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            BrokerTap.publish(BrokerTestResource.PROBE_ROUTING_KEY, envelope(id));
        }
    }

    private String envelope(String id) throws Exception {
        return mapper.writeValueAsString(new EventEnvelope("1.0", id, "/threshold/us-east-1/test", "threshold.test.probe.v1",
                "healing", Instant.now(), "application/json", null, "us-east-1", mapper.createObjectNode().put("id", id)));
    }
}
