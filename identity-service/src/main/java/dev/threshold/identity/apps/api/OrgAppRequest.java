package dev.threshold.identity.apps.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/v2/orgs/me/apps}: a tile for the splash screen. {@code url} is an {@code https:} or
 * {@code http:} address (never {@code javascript:} or {@code data:}); {@code iconUrl} an {@code https:}
 * or inline {@code data:image/...;base64,} picture; {@code visibleTo} {@code everyone} (default) or
 * {@code admins}; {@code position} orders the tiles (default: after the others).
 */
public record OrgAppRequest(
        @NotBlank @Size(max = OrgAppRequest.NAME_MAX) String name,
        @NotBlank @Size(max = OrgAppRequest.URL_MAX) @Pattern(regexp = OrgAppRequest.URL, message = "{threshold.app.url}") String url,
        @Size(max = OrgAppRequest.DESCRIPTION_MAX) String description,
        @Size(max = OrgAppRequest.ICON_MAX) @Pattern(regexp = OrgAppRequest.ICON, message = "{threshold.app.icon}") String iconUrl,
        @Pattern(regexp = "everyone|admins", message = "{threshold.app.visible_to}") String visibleTo,
        @Min(0) @Max(OrgAppRequest.POSITION_MAX) Integer position) {

    public static final int NAME_MAX = 60;
    public static final int URL_MAX = 2000;
    public static final int DESCRIPTION_MAX = 200;
    public static final int ICON_MAX = 100_000;
    public static final int POSITION_MAX = 9999;
    /** http(s), a host without user info, printable ASCII only (IDNs in their punycode form). */
    public static final String URL = "(?i:https?)://[\\x21-\\x7E&&[^/?#@\\\\]]+([/?#][\\x21-\\x7E]*)?";
    /** An https picture, or an inline one; empty clears it on PATCH. */
    public static final String ICON = "|(?i:https)://[\\x21-\\x7E&&[^/?#@\\\\]]+([/?#][\\x21-\\x7E]*)?"
            + "|data:image/(png|jpeg|gif|webp|svg\\+xml);base64,[A-Za-z0-9+/]+={0,2}";
}
