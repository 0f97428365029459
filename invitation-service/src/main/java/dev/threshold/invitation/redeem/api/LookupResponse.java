package dev.threshold.invitation.redeem.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** What the set-password page needs to know about a valid invitation link. */
public record LookupResponse(String email, String name, String orgName, String region, boolean ssoOnly,
        JsonNode passwordPolicy, Instant expiresAt, String locale) {
}
