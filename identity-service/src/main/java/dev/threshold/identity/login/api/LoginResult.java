package dev.threshold.identity.login.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.UUID;

/** The answer of every login step (API.md "login result"); fields depend on {@code status}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoginResult(Status status, String accessToken, String tokenType, Long expiresIn, UserSummary user,
        String refreshToken, List<OrgChoice> organizations, String mfaToken) {

    public enum Status {
        AUTHENTICATED, ORG_SELECTION_REQUIRED, MFA_REQUIRED, MFA_ENROLLMENT_REQUIRED
    }

    public static LoginResult authenticated(String accessToken, long expiresIn, UserSummary user, String refreshToken) {
        return new LoginResult(Status.AUTHENTICATED, accessToken, "Bearer", expiresIn, user, refreshToken, null, null);
    }

    public static LoginResult orgSelection(List<OrgChoice> organizations) {
        return new LoginResult(Status.ORG_SELECTION_REQUIRED, null, null, null, null, null, organizations, null);
    }

    public static LoginResult mfa(Status status, String mfaToken, long expiresIn) {
        return new LoginResult(status, null, null, expiresIn, null, null, null, mfaToken);
    }

    public record OrgChoice(UUID id, String name) {
    }

    public record UserSummary(UUID id, String email, String name, UUID orgId, String orgName, String region,
            String locale, List<String> roles, String authMethod) {
    }
}
