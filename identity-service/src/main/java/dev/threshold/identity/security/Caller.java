package dev.threshold.identity.security;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who is calling, read from the verified access token. */
@RequestScoped
public class Caller {

    private final SecurityIdentity identity;

    public Caller(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The organization the token was issued for; every admin query is scoped to it. */
    public UUID orgId() {
        Object org = token().getClaim("org");
        if (org == null) {
            throw new UnauthorizedException();
        }
        try {
            return UUID.fromString(org.toString());
        } catch (IllegalArgumentException e) {
            throw new UnauthorizedException();
        }
    }

    public String subject() {
        return token().getSubject();
    }

    private JsonWebToken token() {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            throw new UnauthorizedException();
        }
        return jwt;
    }

}
