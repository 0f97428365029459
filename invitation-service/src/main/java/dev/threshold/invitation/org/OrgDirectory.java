package dev.threshold.invitation.org;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threshold.invitation.org.events.OrgChanged;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Keeps the org read model from identity-service's events; an older event never wins over a newer one. */
@ApplicationScoped
public class OrgDirectory {

    private static final String UPSERT = """
            insert into invitation.org (id, name, region, settings, event_time, updated_at)
            values (:id, :name, :region, :settings, :eventTime, :now)
            on conflict (id) do update set name = excluded.name, region = excluded.region,
                settings = excluded.settings, event_time = excluded.event_time, updated_at = excluded.updated_at
             where invitation.org.event_time <= excluded.event_time""";

    private final OrganizationRepository organizations;
    private final ObjectMapper mapper;
    private final Clock clock;

    public OrgDirectory(OrganizationRepository organizations, ObjectMapper mapper, Clock clock) {
        this.organizations = organizations;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Applies the event's state (in the current transaction) and returns the org as it now stands. */
    public Uni<Organization> apply(OrgChanged change, Instant eventTime) {
        String settings;
        try {
            settings = change.settings() == null ? "{}" : mapper.writeValueAsString(change.settings());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        Instant time = (eventTime == null ? clock.instant() : eventTime).truncatedTo(ChronoUnit.MICROS);
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(UPSERT)
                        .setParameter("id", change.orgId())
                        .setParameter("name", change.name())
                        .setParameter("region", change.region())
                        .setParameter("settings", settings)
                        .setParameter("eventTime", time)
                        .setParameter("now", clock.instant().truncatedTo(ChronoUnit.MICROS))
                        .executeUpdate())
                .chain(() -> organizations.findById(change.orgId()));
    }
}
