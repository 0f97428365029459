package dev.threshold.mfa.account.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The validated device, the user's new recovery codes (shown once) and, during login, the mfaProof. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ValidateResponse(DeviceResponse device, List<String> recoveryCodes, String mfaProof) {
}
