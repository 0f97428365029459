package dev.threshold.identity.apps.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.threshold.identity.apps.OrgApp;
import java.time.Instant;
import java.util.UUID;

/** An app as admins see it; people see the same fields of the apps shown to them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrgAppResponse(UUID id, String name, String url, String description, String iconUrl, String visibleTo,
        int position, Instant createdAt, Instant updatedAt) {

    public static OrgAppResponse of(OrgApp app) {
        return new OrgAppResponse(app.id, app.name, app.url, app.description, app.iconUrl, app.visibleTo, app.position,
                app.createdAt, app.updatedAt);
    }
}
