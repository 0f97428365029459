package dev.threshold.mfa.webauthn.api;

import java.util.List;

/**
 * {@code POST /api/v2/mfa/challenge/options}: request options for the person's passkeys, and the
 * kinds of device the person has ({@code webauthn}, {@code totp}), so the app can offer them all.
 */
public record OptionsResponse(PublicKeyOptions.Request publicKey, List<String> methods) {
}
