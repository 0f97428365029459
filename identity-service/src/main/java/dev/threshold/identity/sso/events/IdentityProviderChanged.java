package dev.threshold.identity.sso.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code threshold.org.identity_provider_changed.v1}: an admin added, changed or removed an
 * identity provider. An identity provider can sign anyone of the org in, so every change is
 * audited and the org's other active admins are told (invitation-service mails them, from
 * {@code recipients}). Never the client secret: {@code fields} only names what changed.
 */
public record IdentityProviderChanged(UUID orgId, String orgName, UUID idpId, String change, UUID actorUserId,
        String actorEmail, String actorName, String displayName, String type, String issuer, List<String> fields,
        Instant time, List<Recipient> recipients) {

    public static final String NAME = "org.identity_provider_changed";
    public static final String CREATED = "created";
    public static final String UPDATED = "updated";
    public static final String DELETED = "deleted";

    /** An admin to tell: where and in which language. */
    public record Recipient(UUID userId, String email, String name, String locale) {
    }
}
