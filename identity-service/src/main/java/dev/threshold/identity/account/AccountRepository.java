package dev.threshold.identity.account;

import dev.threshold.identity.org.Organization;
import dev.threshold.identity.user.User;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** What My Account reads of a person and their org. */
@ApplicationScoped
public class AccountRepository {

    private static final String ME = "select u.email, u.name, u.locale, u.roles, u.mfa_enrolled,"
            + " o.name as org_name, o.region, o.settings from identity.app_user u"
            + " join identity.organization o on o.id = u.org_id"
            + " where u.id = $1 and u.org_id = $2 and u.state = 'ACTIVE'";

    /** An active person with their org, as detached entities holding what the profile shows. */
    public record Me(User user, Organization org) {
    }

    private final Pool pool;

    public AccountRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * The hot path of every SPA page: one statement for the person and the org, straight on the
     * pool (no ORM session, no second round trip); null when there is no such active person.
     */
    public Uni<Me> me(UUID orgId, UUID userId) {
        return pool.preparedQuery(ME).execute(Tuple.of(userId, orgId)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row row = rows.iterator().next();
            User user = new User();
            user.id = userId;
            user.orgId = orgId;
            user.email = row.getString("email");
            user.name = row.getString("name");
            user.locale = row.getString("locale");
            user.roles = row.getString("roles");
            user.mfaEnrolled = row.getBoolean("mfa_enrolled");
            Organization org = new Organization();
            org.id = orgId;
            org.name = row.getString("org_name");
            org.region = row.getString("region");
            org.settingsJson = row.getString("settings");
            return new Me(user, org);
        });
    }
}
