package dev.threshold.mfa.account.api;

import java.util.List;

/** {@code POST /api/v2/mfa/recovery-codes}: the new set, shown once; the old set no longer works. */
public record NewRecoveryCodes(List<String> recoveryCodes) {
}
