package dev.threshold.mfa.webauthn.events;

import java.util.UUID;

/**
 * {@code mfa.passkey_clone_suspected}: an assertion of a passkey came with a signature counter not
 * above the stored one (WebAuthn Level 3, authentication step 22), which points to a cloned
 * authenticator; the assertion was refused. {@code purpose} is {@code login} or {@code step_up}.
 */
public record MfaPasskeyCloneSuspected(String userId, UUID orgId, UUID deviceId, String deviceName, long storedSignCount,
        long presentedSignCount, String purpose) {

    public static final String NAME = "mfa.passkey_clone_suspected";
}
