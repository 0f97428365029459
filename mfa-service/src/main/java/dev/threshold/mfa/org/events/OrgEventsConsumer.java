package dev.threshold.mfa.org.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threshold.common.events.EventEnvelope;
import dev.threshold.common.events.OrgEventHandler;
import dev.threshold.common.region.RegionConfig;
import dev.threshold.mfa.org.OrgDirectory;
import dev.threshold.mfa.org.OrgPolicy;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** {@code org.created} / {@code org.updated} from identity-service (queue {@code mfa.org-events}): the MFA policy read model. */
@Singleton
public class OrgEventsConsumer extends OrgEventHandler<OrgChanged> {

    public static final String CONSUMER = "mfa.org-events";

    private final OrgDirectory directory;

    public OrgEventsConsumer(OrgDirectory directory, RegionConfig region, ObjectMapper mapper) {
        super(CONSUMER, OrgChanged.class, region.region(), mapper);
        this.directory = directory;
    }

    @Override
    protected Uni<Void> applyOrg(EventEnvelope event, OrgChanged change) {
        return directory.apply(change.orgId(), region(), OrgPolicy.of(change.settings()), event.time());
    }
}
