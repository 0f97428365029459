package dev.threshold.identity.sso;

import dev.threshold.common.caller.Caller;
import dev.threshold.common.problem.ProblemException;
import dev.threshold.common.region.RegionConfig;
import dev.threshold.identity.problem.IdentityProblem;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Identity providers are managed by people only: an identity provider can sign anyone of the org
 * in, so a leaked script secret (an API client's client-credentials token, even with role
 * {@code admin}) must not be able to add one. Refused with {@code 403 human_admin_required}
 * before the body is read or validated.
 */
public class HumanAdminFilter {

    static final String PATH = "/api/v2/orgs/me/identityproviders";

    private final CurrentIdentityAssociation identities;
    private final RegionConfig region;

    public HumanAdminFilter(CurrentIdentityAssociation identities, RegionConfig region) {
        this.identities = identities;
        this.region = region;
    }

    @ServerRequestFilter
    public Uni<Void> humanAdminsOnly(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!(path.equals(PATH) || path.startsWith(PATH + "/"))) {
            return null;
        }
        return identities.getDeferredIdentity()
                // not authenticated at all: the endpoint's own check answers 401
                .onFailure().recoverWithNull()
                .map(identity -> {
                    if (identity != null && !identity.isAnonymous() && identity.getPrincipal() instanceof JsonWebToken token
                            && Caller.of(token, region.region()).isApiClient()) {
                        throw new ProblemException(IdentityProblem.HUMAN_ADMIN_REQUIRED);
                    }
                    return null;
                });
    }
}
