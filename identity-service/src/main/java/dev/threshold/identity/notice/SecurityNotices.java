package dev.threshold.identity.notice;

import dev.threshold.common.events.Outbox;
import dev.threshold.identity.notice.events.UserSecurityChanged;
import dev.threshold.identity.org.Organization;
import dev.threshold.identity.org.OrganizationRepository;
import dev.threshold.identity.org.OrganizationService;
import dev.threshold.identity.user.User;
import dev.threshold.identity.user.UserRepository;
import dev.threshold.identity.user.UserState;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Tells a person that their own authentication details changed (ASVS 2.2.3): records
 * {@code user.security_changed} ({@link UserSecurityChanged}) with the person as its recipient, in
 * the transaction of the change itself (a password change or reset), or in the inbox transaction of
 * mfa-service's event (so a redelivered event tells nobody twice). invitation-service mails it.
 * Only an ACTIVE person with an email is told; the event never carries a secret.
 */
@ApplicationScoped
public class SecurityNotices {

    private static final Logger LOG = Logger.getLogger(SecurityNotices.class);
    /** Longer device names are cut (mfa-service keeps them short; an event is no place for a novel). */
    private static final int MAX_DEVICE_NAME = 100;

    private final UserRepository users;
    private final OrganizationRepository organizations;
    private final OrganizationService organizationService;
    private final Outbox outbox;
    private final Clock clock;

    public SecurityNotices(UserRepository users, OrganizationRepository organizations,
            OrganizationService organizationService, Outbox outbox, Clock clock) {
        this.users = users;
        this.organizations = organizations;
        this.organizationService = organizationService;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * In the caller's transaction: reads the person and the org, then as
     * {@link #changed(User, Organization, String, String, Instant)}; for a change another service made
     * and reported ({@code at}: when it happened there, e.g. the MFA event's time; null: now).
     */
    public Uni<Void> changed(UUID orgId, UUID userId, String change, String deviceName, Instant at) {
        if (orgId == null || userId == null) {
            return Uni.createFrom().voidItem();
        }
        return users.findInOrg(orgId, userId).chain(user -> user == null ? Uni.createFrom().voidItem()
                : organizations.findById(orgId).chain(org -> changed(user, org, change, deviceName, at)));
    }

    /** In the caller's transaction, for a change made now: as {@link #changed(User, Organization, String, String, Instant)}. */
    public Uni<Void> changed(User user, Organization org, String change, String deviceName) {
        return changed(user, org, change, deviceName, null);
    }

    /**
     * In the caller's transaction: the event telling {@code user} of {@code change} (one of
     * {@link UserSecurityChanged}'s constants) made at {@code at} (null: now), or nothing when the
     * person is not ACTIVE or has no email.
     */
    public Uni<Void> changed(User user, Organization org, String change, String deviceName, Instant at) {
        if (org == null || user.state != UserState.ACTIVE || user.email == null || user.email.isBlank()) {
            return Uni.createFrom().voidItem();
        }
        String locale = user.locale != null && !user.locale.isBlank() ? user.locale
                : organizationService.settingsOf(org).defaultLocale();
        UserSecurityChanged event = new UserSecurityChanged(user.id, user.orgId, org.name, change,
                deviceName(deviceName), at == null ? clock.instant() : at,
                new UserSecurityChanged.Recipient(user.email, user.name, locale));
        return outbox.append(UserSecurityChanged.NAME, user.id.toString(), user.orgId.toString(), event)
                .invoke(() -> LOG.infof("user %s will be told of %s", user.id, change))
                .replaceWithVoid();
    }

    private static String deviceName(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String stripped = name.strip();
        if (stripped.length() <= MAX_DEVICE_NAME) {
            return stripped;
        }
        int end = Character.isHighSurrogate(stripped.charAt(MAX_DEVICE_NAME - 1)) ? MAX_DEVICE_NAME - 1 : MAX_DEVICE_NAME;
        return stripped.substring(0, end);
    }
}
