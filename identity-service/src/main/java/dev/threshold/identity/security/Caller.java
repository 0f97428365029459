package dev.threshold.identity.security;

import dev.threshold.common.problem.ProblemException;
import dev.threshold.identity.problem.IdentityProblem;
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
            return UUID.fromString(text(org));
        } catch (IllegalArgumentException e) {
            throw new UnauthorizedException();
        }
    }

    public String subject() {
        return token().getSubject();
    }

    /** The person calling; API clients ({@code sub} {@code client:...}) are nobody's "me". */
    public UUID userId() {
        try {
            return UUID.fromString(token().getSubject());
        } catch (IllegalArgumentException e) {
            throw new ProblemException(IdentityProblem.USER_NOT_FOUND);
        }
    }

    /** An API client's client-credentials token rather than a person's? */
    public boolean isApiClient() {
        return isApiClient(token());
    }

    /**
     * API clients' tokens have subject {@code client:<clientId>}, {@code amr ["client"]} and no
     * session; a person's token never has either of the first two.
     */
    public static boolean isApiClient(JsonWebToken token) {
        String subject = token.getSubject();
        if (subject == null || subject.startsWith("client:")) {
            return true;
        }
        Object amr = token.getClaim("amr");
        if (amr instanceof Iterable<?> values) {
            for (Object value : values) {
                if ("client".equals(text(value))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The session of the token, if a person's token. */
    public UUID sessionId() {
        Object sid = token().getClaim("sid");
        try {
            return sid == null ? null : UUID.fromString(text(sid));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code sso} when the token's {@code amr} says so, else {@code password}. */
    public String authMethod() {
        Object amr = token().getClaim("amr");
        if (amr instanceof Iterable<?> values) {
            for (Object value : values) {
                if ("sso".equals(text(value))) {
                    return "sso";
                }
            }
        }
        return "password";
    }

    private static String text(Object value) {
        return value instanceof jakarta.json.JsonString json ? json.getString() : value.toString();
    }

    private JsonWebToken token() {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            throw new UnauthorizedException();
        }
        return jwt;
    }

}
