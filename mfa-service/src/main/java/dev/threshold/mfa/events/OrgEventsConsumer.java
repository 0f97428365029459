package dev.threshold.mfa.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threshold.common.events.EventEnvelope;
import dev.threshold.common.events.TypedEventHandler;
import dev.threshold.common.region.RegionConfig;
import dev.threshold.mfa.org.OrgDirectory;
import dev.threshold.mfa.org.OrgPolicy;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.List;
import org.jboss.logging.Logger;

/** {@code org.created} / {@code org.updated} from identity-service (queue {@code mfa.org-events}): the MFA policy read model. */
@Singleton
public class OrgEventsConsumer extends TypedEventHandler<OrgChanged> {

    public static final String CONSUMER = "mfa.org-events";
    private static final Logger LOG = Logger.getLogger(OrgEventsConsumer.class);

    private final OrgDirectory directory;
    private final RegionConfig region;

    public OrgEventsConsumer(OrgDirectory directory, RegionConfig region, ObjectMapper mapper) {
        super(CONSUMER, OrgChanged.class, List.of("org.created", "org.updated"), mapper);
        this.directory = directory;
        this.region = region;
    }

    @Override
    protected Uni<Void> apply(EventEnvelope event, OrgChanged change) {
        if (change.orgId() == null) {
            LOG.warnf("%s: event %s has no orgId, ignored", CONSUMER, event.id());
            return Uni.createFrom().voidItem();
        }
        if (change.region() != null && !change.region().equals(region.region())) {
            LOG.warnf("%s: event %s is for region %s, this is %s; ignored", CONSUMER, event.id(), change.region(),
                    region.region());
            return Uni.createFrom().voidItem();
        }
        return directory.apply(change.orgId(), region.region(), OrgPolicy.of(change.settings()), event.time());
    }
}
