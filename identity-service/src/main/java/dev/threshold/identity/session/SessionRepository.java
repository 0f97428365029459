package dev.threshold.identity.session;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class SessionRepository implements PanacheRepositoryBase<Session, UUID> {

    private final Pool pool;

    public SessionRepository(Pool pool) {
        this.pool = pool;
    }

    /** The ids of the sessions revoked after {@code since}; straight on the pool, so it also runs at start-up. */
    public Uni<List<UUID>> revokedSince(Instant since) {
        return pool.preparedQuery("select id from identity.session where revoked_at > $1")
                .execute(Tuple.of(since.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        ids.add(row.getUUID("id"));
                    }
                    return ids;
                });
    }

    /** The sessions of a user that have not ended, but {@code except}. */
    public Uni<List<Session>> liveOfUser(UUID userId, UUID except) {
        return list("userId = :user and revokedAt is null and id <> :except", Parameters.with("user", userId)
                .and("except", except == null ? new UUID(0, 0) : except));
    }
}
