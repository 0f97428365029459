package dev.threshold.identity.apps;

import dev.threshold.common.caller.CurrentCaller;
import dev.threshold.identity.apps.api.OrgAppPage;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A person's apps: the tiles of the splash screen (API clients have none). */
@Path("/api/v2/users/me/apps")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Apps")
public class MyAppsResource {

    private final OrgAppService apps;
    private final CurrentCaller caller;
    private final SecurityIdentity identity;

    public MyAppsResource(OrgAppService apps, CurrentCaller caller, SecurityIdentity identity) {
        this.apps = apps;
        this.caller = caller;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "My organization's apps meant for me (admins see the admins-only ones too)")
    public Uni<OrgAppPage> mine() {
        // a person's access token: an API client has no splash screen (403 token_not_accepted)
        return apps.visible(caller.get().requireUserAccessToken().orgId(), identity.hasRole("admin"));
    }
}
