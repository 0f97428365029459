package dev.threshold.identity.client.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** {@code clientSecret} only in the answer to the creation: it is shown once. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiClientResponse(String clientId, String clientSecret, String name, List<String> roles,
        Instant createdAt, String createdBy, Instant lastUsedAt) {
}
