package dev.threshold.invitation.redeem.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.UUID;

/** Data of {@code user.activated} (identity-service): the user can log in to the org. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UserActivated(String userId, UUID orgId, String email, UUID invitationId) {
}
