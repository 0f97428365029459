package dev.threshold.mfa.security;

import dev.threshold.common.problem.ProblemException;
import dev.threshold.mfa.problem.MfaProblem;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, from the verified bearer (quarkus-oidc accepts audience {@code threshold} or
 * {@code threshold-mfa}; docs/tokens.md). An access token ({@code aud threshold}) is a user in My
 * Account or an admin; an mfaToken ({@code aud threshold-mfa}) is a user in the middle of a
 * password login, bound to its {@code flow} and allowed one {@code mfa_action}.
 *
 * @param flow   the login attempt of an mfaToken, else null
 * @param action {@code enroll} or {@code challenge} for an mfaToken, else null
 */
public record Caller(Kind kind, String subject, UUID orgId, String email, UUID flow, String action) {

    public static final String ACCESS_AUDIENCE = "threshold";
    public static final String MFA_AUDIENCE = "threshold-mfa";
    public static final String ENROLL = "enroll";
    public static final String CHALLENGE = "challenge";

    public enum Kind { ACCESS, MFA }

    public static Caller of(SecurityIdentity identity, String region) {
        if (identity == null || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            throw new UnauthorizedException();
        }
        Set<String> audience = token.getAudience() == null ? Set.of() : token.getAudience();
        boolean access = audience.contains(ACCESS_AUDIENCE);
        boolean mfa = audience.contains(MFA_AUDIENCE);
        if (access == mfa) {
            // a token for both would let an mfaToken open My Account (or the reverse): refuse it
            throw new UnauthorizedException();
        }
        String subject = token.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new UnauthorizedException();
        }
        String tokenRegion = claim(token, "region");
        if (tokenRegion != null && !tokenRegion.equals(region)) {
            throw new ProblemException(MfaProblem.REGION_MISMATCH, tokenRegion, region);
        }
        UUID orgId = uuid(claim(token, "org"));
        if (orgId == null) {
            throw new ProblemException(MfaProblem.ORG_CLAIM_MISSING);
        }
        String email = claim(token, "email");
        if (access) {
            return new Caller(Kind.ACCESS, subject, orgId, email, null, null);
        }
        UUID flow = uuid(claim(token, "flow"));
        String action = claim(token, "mfa_action");
        if (flow == null || !(ENROLL.equals(action) || CHALLENGE.equals(action))) {
            // not an mfaToken identity-service would issue
            throw new UnauthorizedException();
        }
        return new Caller(Kind.MFA, subject, orgId, email, flow, action);
    }

    public boolean isMfaToken() {
        return kind == Kind.MFA;
    }

    /** My Account: a user's access token (not an API client, not an mfaToken). */
    public Caller requireUserAccessToken() {
        if (kind != Kind.ACCESS || subject.startsWith("client:")) {
            throw new ProblemException(MfaProblem.TOKEN_NOT_ACCEPTED);
        }
        return this;
    }

    /** Enrollment: a user's access token, or an mfaToken for {@code enroll}. */
    public Caller requireEnrollment() {
        if (kind == Kind.MFA) {
            if (!ENROLL.equals(action)) {
                throw new ProblemException(MfaProblem.TOKEN_NOT_ACCEPTED);
            }
            return this;
        }
        return requireUserAccessToken();
    }

    /** Login challenge: an mfaToken for {@code challenge} only. */
    public Caller requireChallenge() {
        if (kind != Kind.MFA || !CHALLENGE.equals(action)) {
            throw new ProblemException(MfaProblem.TOKEN_NOT_ACCEPTED);
        }
        return this;
    }

    /** Admin endpoints: an access token (user or API client) of the org; the role is checked by @RolesAllowed. */
    public Caller requireAccessToken() {
        if (kind != Kind.ACCESS) {
            throw new ProblemException(MfaProblem.TOKEN_NOT_ACCEPTED);
        }
        return this;
    }

    /** What the otpauth label names: the email, else the user id. */
    public String account() {
        return email != null && !email.isBlank() ? email : subject;
    }

    private static UUID uuid(String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
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
