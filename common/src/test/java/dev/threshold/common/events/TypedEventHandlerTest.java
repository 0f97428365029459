package dev.threshold.common.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A handler of some event names gets their data read, and never sees an event of another name. */
class TypedEventHandlerTest {

    /** As Quarkus configures it: unknown fields are ignored. */
    static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    record OrgChanged(UUID orgId, String name) {
    }

    static final class OrgEvents extends TypedEventHandler<OrgChanged> {
        final List<String> applied = new ArrayList<>();

        OrgEvents() {
            super("test.org-events", OrgChanged.class, List.of("org.created", "org.updated"), MAPPER);
        }

        @Override
        protected Uni<Void> apply(EventEnvelope event, OrgChanged data) {
            applied.add(event.name() + " " + data.name());
            return Uni.createFrom().voidItem();
        }
    }

    static EventEnvelope event(String name, String json) throws Exception {
        return new EventEnvelope("1.0", UUID.randomUUID().toString(), "/threshold/us-east-1/identity-service",
                EventEnvelope.typeOf(name), "subject", Instant.now(), "application/json", null, "us-east-1",
                MAPPER.readTree(json));
    }

    @Test
    void bindsItsQueueToItsNamesAndReadsTheirData() throws Exception {
        OrgEvents handler = new OrgEvents();

        assertThat(handler.queue()).isEqualTo("test.org-events");
        assertThat(handler.routingKeys()).containsExactly("org.created", "org.updated");
        handler.apply(event("org.updated", "{\"orgId\":\"" + UUID.randomUUID() + "\",\"name\":\"Acme\",\"later\":1}"))
                .await().indefinitely();

        assertThat(handler.applied).containsExactly("org.updated Acme");
    }

    @Test
    void passesOverEventsOfOtherNamesWithoutReadingThem() throws Exception {
        OrgEvents handler = new OrgEvents();

        handler.apply(event("org.deleted", "\"not an org\"")).await().indefinitely();

        assertThat(handler.applied).isEmpty();
    }
}
