package dev.threshold.identity.token;

import dev.threshold.common.caller.Claims;
import dev.threshold.common.problem.ProblemException;
import dev.threshold.identity.problem.IdentityProblem;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Turns a verified access token into the caller: the token is the principal, its {@code roles} the
 * roles. A token of an ended session fails with {@code session_revoked} as the cause, which the
 * problem mappers answer as {@code 401 session_revoked}.
 */
@ApplicationScoped
public class AccessTokenIdentityProvider implements IdentityProvider<AccessTokenRequest> {

    private final AccessTokenVerifier verifier;

    public AccessTokenIdentityProvider(AccessTokenVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public Class<AccessTokenRequest> getRequestType() {
        return AccessTokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(AccessTokenRequest request, AuthenticationRequestContext context) {
        return verifier.verify(request.token())
                .onFailure(AccessTokenVerifier.InvalidTokenException.class)
                .transform(e -> e instanceof AccessTokenVerifier.SessionEndedException
                        ? new AuthenticationFailedException(e.getMessage(),
                                new ProblemException(IdentityProblem.SESSION_REVOKED))
                        : new AuthenticationFailedException(e.getMessage()))
                .map(AccessTokenIdentityProvider::identity);
    }

    private static SecurityIdentity identity(JsonWebToken token) {
        List<String> roles = Claims.texts(token, Claims.ROLES);
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder().setPrincipal(token);
        if (!roles.isEmpty()) {
            builder.addRoles(new HashSet<>(roles));
        } else if (token.getGroups() != null) {
            builder.addRoles(token.getGroups());
        }
        return builder.build();
    }
}
