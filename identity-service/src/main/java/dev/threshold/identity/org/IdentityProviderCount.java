package dev.threshold.identity.org;

import io.smallrye.mutiny.Uni;
import java.util.UUID;

/** How many identity providers an org has (the sso package owns them; SSO-only needs at least one). */
public interface IdentityProviderCount {

    /** Runs in the caller's session. */
    Uni<Long> countByOrg(UUID orgId);
}
