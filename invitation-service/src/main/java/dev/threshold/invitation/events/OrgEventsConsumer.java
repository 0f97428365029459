package dev.threshold.invitation.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threshold.common.events.EventEnvelope;
import dev.threshold.common.events.TypedEventHandler;
import dev.threshold.common.region.RegionConfig;
import dev.threshold.invitation.invitation.InvitationService;
import dev.threshold.invitation.invitation.NewInvitation;
import dev.threshold.invitation.invitation.Role;
import dev.threshold.invitation.org.OrgDirectory;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * {@code org.created} / {@code org.updated} from identity-service (queue {@code invitation.org-events}):
 * keeps the org read model, and on {@code org.created} invites the org's first admin.
 */
@Singleton
public class OrgEventsConsumer extends TypedEventHandler<OrgChanged> {

    public static final String CONSUMER = "invitation.org-events";
    private static final Logger LOG = Logger.getLogger(OrgEventsConsumer.class);

    private final OrgDirectory directory;
    private final InvitationService invitations;
    private final RegionConfig region;

    public OrgEventsConsumer(OrgDirectory directory, InvitationService invitations, RegionConfig region,
            ObjectMapper mapper) {
        super(CONSUMER, OrgChanged.class, List.of("org.created", "org.updated"), mapper);
        this.directory = directory;
        this.invitations = invitations;
        this.region = region;
    }

    @Override
    protected Uni<Void> apply(EventEnvelope event, OrgChanged change) {
        if (change.orgId() == null || change.name() == null) {
            LOG.warnf("%s: event %s has no orgId or name, ignored", CONSUMER, event.id());
            return Uni.createFrom().voidItem();
        }
        if (change.region() != null && !change.region().equals(region.region())) {
            LOG.warnf("%s: event %s is for region %s, this is %s; ignored", CONSUMER, event.id(), change.region(),
                    region.region());
            return Uni.createFrom().voidItem();
        }
        OrgChanged normalized = change.region() == null
                ? new OrgChanged(change.orgId(), change.name(), region.region(), change.settings(), change.admin())
                : change;
        return directory.apply(normalized, event.time())
                .chain(org -> {
                    OrgChanged.FirstAdmin admin = change.admin();
                    if (!"org.created".equals(event.name()) || admin == null || admin.email() == null || admin.email().isBlank()) {
                        return Uni.createFrom().voidItem();
                    }
                    NewInvitation invitation = new NewInvitation(admin.email(),
                            admin.name() == null || admin.name().isBlank() ? admin.email() : admin.name(),
                            List.of(Role.ADMIN), supportedLocale(admin.locale()), null);
                    return invitations.inviteFirstAdmin(org, invitation)
                            .invoke(created -> {
                                if (created != null) {
                                    LOG.infof("First admin of org %s invited (invitation %s)", org.id, created.id);
                                }
                            })
                            .replaceWithVoid();
                });
    }

    private static String supportedLocale(String locale) {
        return locale != null && locale.matches(dev.threshold.invitation.invitation.api.CreateInvitationRequest.LOCALES)
                ? locale : null;
    }
}
