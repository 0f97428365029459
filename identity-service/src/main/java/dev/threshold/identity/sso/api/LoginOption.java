package dev.threshold.identity.sso.api;

import java.util.UUID;

/** What the login page shows for one identity provider of an organization (public). */
public record LoginOption(UUID id, String displayName, String type, String iconUrl) {
}
