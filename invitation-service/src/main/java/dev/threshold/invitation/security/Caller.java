package dev.threshold.invitation.security;

import dev.threshold.common.problem.ProblemException;
import dev.threshold.invitation.problem.InvitationProblem;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, read from the verified access token through {@link SecurityIdentity} (its
 * principal is quarkus-oidc's {@link JsonWebToken}; no other JWT mechanism is installed).
 *
 * @param inviter how the invitation email names the caller: the token's {@code name}, else its
 *                {@code email}, else null ("your administrator")
 */
public record Caller(String subject, UUID orgId, String inviter) {

    public static Caller of(SecurityIdentity identity, String region) {
        if (identity == null || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            throw new UnauthorizedException();
        }
        String tokenRegion = claim(token, "region");
        if (tokenRegion != null && !tokenRegion.equals(region)) {
            throw new ProblemException(InvitationProblem.REGION_MISMATCH, tokenRegion, region);
        }
        String org = claim(token, "org");
        UUID orgId;
        try {
            orgId = org == null ? null : UUID.fromString(org);
        } catch (IllegalArgumentException e) {
            orgId = null;
        }
        if (orgId == null) {
            throw new ProblemException(InvitationProblem.ORG_CLAIM_MISSING);
        }
        String name = claim(token, "name");
        String inviter = name != null && !name.isBlank() ? name : claim(token, "email");
        if (inviter != null && inviter.length() > 200) {
            inviter = inviter.substring(0, 200);
        }
        return new Caller(token.getSubject(), orgId, inviter == null || inviter.isBlank() ? null : inviter.strip());
    }

    private static String claim(JsonWebToken token, String name) {
        Object value = token.getClaim(name);
        if (value == null) {
            return null;
        }
        String text = value instanceof jakarta.json.JsonString json ? json.getString() : value.toString();
        return text.isEmpty() ? null : text;
    }
}
