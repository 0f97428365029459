package dev.threshold.identity.account.api;

import java.util.List;
import java.util.UUID;

public record MeResponse(UUID id, String email, String name, UUID orgId, String orgName, String region, String locale,
        List<String> roles, Mfa mfa, String authMethod) {

    public record Mfa(boolean enrolled, boolean required) {
    }
}
