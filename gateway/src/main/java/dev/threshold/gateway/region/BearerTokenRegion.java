package dev.threshold.gateway.region;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import java.util.Base64;
import java.util.Optional;

/**
 * Reads the {@code region} claim of a bearer JWT without verifying it. That is enough for routing: the service in
 * the chosen region verifies the signature, and a forged claim only sends the forger to a region whose keys did not
 * sign the token.
 */
public final class BearerTokenRegion {

    /** Larger payloads are not access tokens of ours; not worth decoding. */
    private static final int MAX_PAYLOAD_CHARS = 16 * 1024;
    private static final ObjectReader JSON = new ObjectMapper().reader();

    private BearerTokenRegion() {
    }

    /**
     * @param authorization the Authorization header, may be null
     * @return the region claim, or empty when there is no bearer token, it is not a JWS, or it has no string claim
     */
    public static Optional<String> of(String authorization) {
        if (authorization == null || authorization.length() < 8
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String[] parts = authorization.substring(7).trim().split("\\.", -1);
        if (parts.length != 3 || parts[1].isEmpty() || parts[1].length() > MAX_PAYLOAD_CHARS) {
            return Optional.empty();
        }
        try {
            String payload = parts[1];
            int end = payload.length();
            while (end > 0 && payload.charAt(end - 1) == '=') {
                end--;
            }
            byte[] json = Base64.getUrlDecoder().decode(payload.substring(0, end));
            JsonNode claim = JSON.readTree(json).get("region");
            if (claim == null || !claim.isTextual() || claim.asText().isBlank()) {
                return Optional.empty();
            }
            return Optional.of(claim.asText());
        } catch (Exception malformed) {
            return Optional.empty();
        }
    }
}
