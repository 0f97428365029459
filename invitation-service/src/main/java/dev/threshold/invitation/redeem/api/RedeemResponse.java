package dev.threshold.invitation.redeem.api;

import java.util.List;
import java.util.UUID;

/** What identity-service needs to create the user of a redeemed invitation. */
public record RedeemResponse(UUID invitationId, UUID orgId, String email, String name, List<String> roles,
        String locale) {
}
