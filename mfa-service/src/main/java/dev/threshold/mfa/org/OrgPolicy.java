package dev.threshold.mfa.org;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The MFA settings of an org, read leniently from identity-service's settings document (it owns
 * the shape; unknown or missing fields are ignored). {@code mfaRememberDays} is clamped to 0..90.
 */
public record OrgPolicy(boolean mfaRequired, int mfaRememberDays) {

    public static final int MAX_REMEMBER_DAYS = 90;

    public static OrgPolicy of(JsonNode settings) {
        if (settings == null || !settings.isObject()) {
            return new OrgPolicy(false, 0);
        }
        JsonNode required = settings.path("mfaRequired");
        JsonNode remember = settings.path("mfaRememberDays");
        int days = remember.isNumber() && remember.canConvertToInt() ? remember.asInt() : 0;
        return new OrgPolicy(required.isBoolean() && required.asBoolean(), Math.max(0, Math.min(days, MAX_REMEMBER_DAYS)));
    }
}
