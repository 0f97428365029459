package dev.threshold.mfa.account.events;

import java.util.UUID;

/** {@code mfa.recovery_codes_regenerated}: a user replaced their recovery codes; the old set stopped working. */
public record MfaRecoveryCodesRegenerated(String userId, UUID orgId, int codes) {

    public static final String NAME = "mfa.recovery_codes_regenerated";
}
