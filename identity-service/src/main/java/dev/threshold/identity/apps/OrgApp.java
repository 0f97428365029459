package dev.threshold.identity.apps;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** One app of an organization: a tile on its people's splash screen. */
@Entity
@Table(name = "org_app")
public class OrgApp {

    /** Who sees the tile. */
    public static final String EVERYONE = "everyone";
    public static final String ADMINS = "admins";

    @Id
    public UUID id;

    @Column(name = "org_id", nullable = false)
    public UUID orgId;

    @Column(nullable = false)
    public String name;

    /** {@code https:} or {@code http:}, never a script URL. */
    @Column(nullable = false)
    public String url;

    public String description;

    /** {@code https:} or an inline {@code data:image/...;base64,} picture, or none. */
    @Column(name = "icon_url")
    public String iconUrl;

    /** {@link #EVERYONE} or {@link #ADMINS}. */
    @Column(name = "visible_to", nullable = false)
    public String visibleTo;

    @Column(nullable = false)
    public int position;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public long version;

    /** Whether a person with these roles sees the tile. */
    public boolean visibleTo(boolean admin) {
        return EVERYONE.equals(visibleTo) || admin;
    }
}
