package dev.threshold.common.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The org events every service keeps its org read model from: checked once, here. */
class OrgEventHandlerTest {

    record OrgChanged(UUID orgId, String region, String name) implements OrgEventHandler.OrgEvent {
    }

    static final class Orgs extends OrgEventHandler<OrgChanged> {
        final List<String> applied = new ArrayList<>();

        Orgs() {
            super("test.org-events", OrgChanged.class, "eu-central-1", TypedEventHandlerTest.MAPPER);
        }

        @Override
        protected boolean usable(OrgChanged data) {
            return super.usable(data) && data.name() != null;
        }

        @Override
        protected Uni<Void> applyOrg(EventEnvelope event, OrgChanged data) {
            applied.add(event.name() + " " + data.name() + " in " + region());
            return Uni.createFrom().voidItem();
        }
    }

    static EventEnvelope event(String name, String json) throws Exception {
        return TypedEventHandlerTest.event(name, json);
    }

    @Test
    void bindsToTheOrgEventsAndAppliesThoseOfThisRegion() throws Exception {
        Orgs orgs = new Orgs();
        UUID org = UUID.randomUUID();

        orgs.apply(event("org.created", "{\"orgId\":\"" + org + "\",\"region\":\"eu-central-1\",\"name\":\"Acme\"}"))
                .await().indefinitely();
        orgs.apply(event("org.updated", "{\"orgId\":\"" + org + "\",\"name\":\"Acme 2\"}")).await().indefinitely();

        assertThat(orgs.routingKeys()).containsExactly(OrgEventHandler.CREATED, OrgEventHandler.UPDATED);
        assertThat(orgs.applied).as("an event without a region is this region's")
                .containsExactly("org.created Acme in eu-central-1", "org.updated Acme 2 in eu-central-1");
    }

    @Test
    void passesOverEventsOfAnotherRegionOrWithoutWhatItNeeds() throws Exception {
        Orgs orgs = new Orgs();
        UUID org = UUID.randomUUID();

        orgs.apply(event("org.updated", "{\"orgId\":\"" + org + "\",\"region\":\"us-east-1\",\"name\":\"Acme\"}"))
                .await().indefinitely();
        orgs.apply(event("org.updated", "{\"region\":\"eu-central-1\",\"name\":\"Acme\"}")).await().indefinitely();
        orgs.apply(event("org.updated", "{\"orgId\":\"" + org + "\"}")).await().indefinitely();
        orgs.apply(event("org.deleted", "{\"orgId\":\"" + org + "\",\"name\":\"Acme\"}")).await().indefinitely();

        assertThat(orgs.applied).isEmpty();
    }
}
