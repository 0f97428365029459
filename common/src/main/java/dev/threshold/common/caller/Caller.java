package dev.threshold.common.caller;

import dev.threshold.common.problem.CommonProblem;
import dev.threshold.common.problem.ProblemException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, read once from the verified bearer token ({@link Claims}). Every service reads
 * its callers through {@link #of(SecurityIdentity, String)}: no token is {@code 401}; a token of
 * another region {@code 421 region_mismatch}; a token without an organization
 * {@code 403 org_claim_missing}. Whether the token suits an endpoint is asked with the
 * {@code require...} methods ({@code 403 token_not_accepted}).
 *
 * @param kind      an access token, or an mfaToken of a password login waiting for its second factor
 * @param subject   the user id, or {@code client:<clientId>} for an API client
 * @param amr       how the person signed in ({@code pwd}, {@code sso}, ...; {@code client} for API clients)
 * @param sessionId the session of a person's access token, else null
 * @param email     the token's email, else null
 * @param name      the token's display name, else null
 * @param flow      the login attempt of an mfaToken, else null
 * @param mfaAction {@code enroll} or {@code challenge} for an mfaToken, else null
 */
public record Caller(Kind kind, String subject, UUID orgId, List<String> amr, UUID sessionId, String email,
        String name, UUID flow, String mfaAction) {

    public enum Kind { ACCESS, MFA }

    /** Longest display name {@link #displayName()} gives. */
    static final int DISPLAY_NAME_MAX = 200;

    /**
     * The caller of this request, checked against the token contract.
     *
     * @param region this service's region; a token of another one is refused
     */
    public static Caller of(SecurityIdentity identity, String region) {
        if (identity == null || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            throw new UnauthorizedException();
        }
        return of(token, region);
    }

    public static Caller of(JsonWebToken token, String region) {
        Set<String> audience = token.getAudience() == null ? Set.of() : token.getAudience();
        boolean access = audience.contains(Claims.ACCESS_AUDIENCE);
        boolean mfa = audience.contains(Claims.MFA_AUDIENCE);
        if (access == mfa) {
            // a token for both would let an mfaToken open My Account (or the reverse): refuse it
            throw new UnauthorizedException();
        }
        String subject = token.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new UnauthorizedException();
        }
        String tokenRegion = Claims.text(token, Claims.REGION);
        if (tokenRegion != null && !tokenRegion.equals(region)) {
            throw new ProblemException(CommonProblem.REGION_MISMATCH, tokenRegion, region);
        }
        UUID orgId = Claims.uuid(token, Claims.ORG);
        if (orgId == null) {
            throw new ProblemException(CommonProblem.ORG_CLAIM_MISSING);
        }
        List<String> amr = Claims.texts(token, Claims.AMR);
        String email = Claims.text(token, Claims.EMAIL);
        String name = Claims.text(token, Claims.NAME);
        if (access) {
            return new Caller(Kind.ACCESS, subject, orgId, amr, Claims.uuid(token, Claims.SESSION), email, name,
                    null, null);
        }
        UUID flow = Claims.uuid(token, Claims.FLOW);
        String action = Claims.text(token, Claims.MFA_ACTION);
        if (flow == null || !(Claims.ENROLL.equals(action) || Claims.CHALLENGE.equals(action))) {
            // not an mfaToken identity-service would issue
            throw new UnauthorizedException();
        }
        return new Caller(Kind.MFA, subject, orgId, amr, null, email, name, flow, action);
    }

    public boolean isMfaToken() {
        return kind == Kind.MFA;
    }

    /**
     * An API client's client-credentials token rather than a person's: subject
     * {@code client:<clientId>} or {@code amr ["client"]}; a person's token has neither.
     */
    public boolean isApiClient() {
        return subject.startsWith(Claims.API_CLIENT_SUBJECT_PREFIX) || amr.contains(Claims.AMR_CLIENT);
    }

    /** The person calling; empty for an API client, which is nobody's "me". */
    public Optional<UUID> userId() {
        if (isApiClient()) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(subject));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Signed in through the organization's identity provider ({@code amr} has {@code sso}). */
    public boolean signedInWithSso() {
        return amr.contains(Claims.AMR_SSO);
    }

    /** How to name the caller to others: the token's name, else its email, at most 200 characters; null if neither. */
    public String displayName() {
        String shown = name != null && !name.isBlank() ? name : email;
        if (shown != null && shown.length() > DISPLAY_NAME_MAX) {
            shown = shown.substring(0, DISPLAY_NAME_MAX);
        }
        return shown == null || shown.isBlank() ? null : shown.strip();
    }

    /** Any access token (a person's or an API client's), not an mfaToken. */
    public Caller requireAccessToken() {
        if (kind != Kind.ACCESS) {
            throw new ProblemException(CommonProblem.TOKEN_NOT_ACCEPTED);
        }
        return this;
    }

    /** A person's access token: not an API client's, not an mfaToken. */
    public Caller requireUserAccessToken() {
        if (kind != Kind.ACCESS || isApiClient()) {
            throw new ProblemException(CommonProblem.TOKEN_NOT_ACCEPTED);
        }
        return this;
    }

    /** An mfaToken for {@code action} ({@link Claims#ENROLL} or {@link Claims#CHALLENGE}). */
    public Caller requireMfaToken(String action) {
        if (kind != Kind.MFA || !action.equals(mfaAction)) {
            throw new ProblemException(CommonProblem.TOKEN_NOT_ACCEPTED);
        }
        return this;
    }
}
