package dev.threshold.identity.apps.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code PATCH /api/v2/orgs/me/apps/{id}}: any subset of {@link OrgAppRequest}'s fields; absent ones
 * keep their value, {@code description: ""} and {@code iconUrl: ""} remove them.
 */
public record OrgAppPatch(
        @Size(min = 1, max = OrgAppRequest.NAME_MAX) @Pattern(regexp = ".*\\S.*", message = "{threshold.app.blank}") String name,
        @Size(max = OrgAppRequest.URL_MAX) @Pattern(regexp = OrgAppRequest.URL, message = "{threshold.app.url}") String url,
        @Size(max = OrgAppRequest.DESCRIPTION_MAX) String description,
        @Size(max = OrgAppRequest.ICON_MAX) @Pattern(regexp = OrgAppRequest.ICON, message = "{threshold.app.icon}") String iconUrl,
        @Pattern(regexp = "everyone|admins", message = "{threshold.app.visible_to}") String visibleTo,
        @Min(0) @Max(OrgAppRequest.POSITION_MAX) Integer position) {
}
