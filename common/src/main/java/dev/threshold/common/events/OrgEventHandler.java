package dev.threshold.common.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * A consumer of identity-service's {@code org.created} / {@code org.updated}, from which every
 * other service of the region keeps its read model of the region's organizations. An event
 * without an org id (or without what {@link #usable} asks for) or one of another region is logged
 * and passed over: it is acknowledged, since retrying would not change it. The others come to
 * {@link #applyOrg}; the org's region is then {@link #region()}.
 *
 * <p>What a service keeps of an org differs by design (each keeps what it acts on: see its
 * README); that the events are read, checked and applied newest-wins
 * ({@link ReadModels#upsertUnlessNewer}) is the same everywhere.
 *
 * @param <T> the data as the service reads it, a record that ignores unknown fields
 */
public abstract class OrgEventHandler<T extends OrgEventHandler.OrgEvent> extends TypedEventHandler<T> {

    public static final String CREATED = "org.created";
    public static final String UPDATED = "org.updated";

    /** What every consumer reads of an org event's data. */
    public interface OrgEvent {

        UUID orgId();

        /** The org's region; an event without one is taken as this region's. */
        String region();
    }

    private final Logger log = Logger.getLogger(getClass());
    private final String region;

    /**
     * @param queue  queue name and inbox consumer name, e.g. {@code mfa.org-events}
     * @param region this instance's region ({@code RegionConfig.region()})
     */
    protected OrgEventHandler(String queue, Class<T> dataType, String region, ObjectMapper mapper) {
        super(queue, dataType, List.of(CREATED, UPDATED), mapper);
        this.region = region;
    }

    /** Applies an event of this region's org with an org id (and whatever else {@link #usable} asks for). */
    protected abstract Uni<Void> applyOrg(EventEnvelope event, T data);

    /** Whether the data has what this consumer needs; by default an org id. */
    protected boolean usable(T data) {
        return data.orgId() != null;
    }

    /** This instance's region, the region of every org {@link #applyOrg} sees. */
    protected String region() {
        return region;
    }

    @Override
    protected final Uni<Void> apply(EventEnvelope event, T data) {
        if (data == null || !usable(data)) {
            log.warnf("%s: event %s lacks the org id or other data this consumer needs; ignored", queue(), event.id());
            return Uni.createFrom().voidItem();
        }
        if (data.region() != null && !data.region().equals(region)) {
            log.warnf("%s: event %s is for region %s, this is %s; ignored", queue(), event.id(), data.region(), region);
            return Uni.createFrom().voidItem();
        }
        return applyOrg(event, data);
    }
}
