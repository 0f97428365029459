package dev.threshold.invitation.org;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The few org settings this service acts on, read leniently from the settings document
 * (identity-service owns its shape; unknown or missing fields are ignored).
 */
public record OrgSettings(boolean ssoOnly, String defaultLocale, Integer invitationTtlDays, JsonNode passwordPolicy) {

    public static OrgSettings parse(String json, ObjectMapper mapper) {
        JsonNode root;
        try {
            root = json == null ? mapper.createObjectNode() : mapper.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode ttl = root.path("invitationTtlDays");
        JsonNode policy = root.path("passwordPolicy");
        return new OrgSettings(root.path("ssoOnly").asBoolean(false),
                root.path("defaultLocale").isTextual() ? root.path("defaultLocale").asText() : null,
                ttl.canConvertToInt() && ttl.isNumber() ? ttl.asInt() : null,
                policy.isObject() ? policy : NullNode.getInstance());
    }

    /** The invitation lifetime for this org: its setting within 1..max, else the default. */
    public int ttlDays(int defaultDays, int maxDays) {
        if (invitationTtlDays == null || invitationTtlDays < 1) {
            return defaultDays;
        }
        return Math.min(invitationTtlDays, maxDays);
    }
}
