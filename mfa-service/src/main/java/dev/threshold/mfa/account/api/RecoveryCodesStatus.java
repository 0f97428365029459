package dev.threshold.mfa.account.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** {@code GET /api/v2/mfa/recovery-codes}: unused codes left and when the set was made (absent: no set). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecoveryCodesStatus(int remaining, Instant createdAt) {
}
