package dev.threshold.common.caller;

import dev.threshold.common.region.RegionConfig;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;

/**
 * The {@link Caller} of the current request, for a resource that injects it rather than reading
 * {@link Caller#of(SecurityIdentity, String)} itself. Read when first asked, so endpoints that
 * never ask work for anonymous requests too.
 */
@RequestScoped
public class CurrentCaller {

    private final SecurityIdentity identity;
    private final RegionConfig region;
    private Caller caller;

    public CurrentCaller(SecurityIdentity identity, RegionConfig region) {
        this.identity = identity;
        this.region = region;
    }

    public Caller get() {
        if (caller == null) {
            caller = Caller.of(identity, region.region());
        }
        return caller;
    }
}
