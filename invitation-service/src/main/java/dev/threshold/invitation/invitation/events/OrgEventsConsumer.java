package dev.threshold.invitation.invitation.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threshold.common.events.EventEnvelope;
import dev.threshold.common.events.OrgEventHandler;
import dev.threshold.common.region.RegionConfig;
import dev.threshold.invitation.invitation.InvitationService;
import dev.threshold.invitation.invitation.NewInvitation;
import dev.threshold.invitation.invitation.Role;
import dev.threshold.invitation.org.OrgDirectory;
import dev.threshold.invitation.org.events.OrgChanged;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * {@code org.created} / {@code org.updated} from identity-service (queue {@code invitation.org-events}):
 * keeps the org read model, and on {@code org.created} invites the org's first admin.
 */
@Singleton
public class OrgEventsConsumer extends OrgEventHandler<OrgChanged> {

    public static final String CONSUMER = "invitation.org-events";
    private static final Logger LOG = Logger.getLogger(OrgEventsConsumer.class);

    private final OrgDirectory directory;
    private final InvitationService invitations;

    public OrgEventsConsumer(OrgDirectory directory, InvitationService invitations, RegionConfig region,
            ObjectMapper mapper) {
        super(CONSUMER, OrgChanged.class, region.region(), mapper);
        this.directory = directory;
        this.invitations = invitations;
    }

    @Override
    protected boolean usable(OrgChanged change) {
        return super.usable(change) && change.name() != null;
    }

    @Override
    protected Uni<Void> applyOrg(EventEnvelope event, OrgChanged change) {
        return directory.apply(change.orgId(), change.name(), region(), change.settings(), event.time())
                .chain(org -> {
                    OrgChanged.FirstAdmin admin = change.admin();
                    if (!CREATED.equals(event.name()) || admin == null || admin.email() == null || admin.email().isBlank()) {
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
