package dev.threshold.invitation.invitation;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/** The {@code Idempotency-Key}s of an org with the request they were first used for and its response. */
@ApplicationScoped
public class IdempotencyKeyRepository {

    /** A key's row: the hash of its first request, and that request's response once it completed. */
    public record Row(String requestHash, Integer status, String body) {
    }

    /** In the current transaction: true when this inserted the key; a concurrent claim waits on the row. */
    public Uni<Boolean> claim(UUID orgId, String key, String requestHash, Instant now) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("insert into invitation.idempotency_key (org_id, idem_key, request_hash, created_at)"
                        + " values (:orgId, :key, :hash, :now) on conflict do nothing")
                .setParameter("orgId", orgId)
                .setParameter("key", key)
                .setParameter("hash", requestHash)
                .setParameter("now", now)
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    public Uni<Row> find(UUID orgId, String key) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select request_hash, response_status, response_body"
                        + " from invitation.idempotency_key where org_id = :orgId and idem_key = :key", Object[].class)
                .setParameter("orgId", orgId)
                .setParameter("key", key)
                .getSingleResult())
                .map(row -> new Row((String) row[0], row[1] == null ? null : ((Number) row[1]).intValue(), (String) row[2]));
    }

    public Uni<Void> complete(UUID orgId, String key, int status, String body) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("update invitation.idempotency_key set response_status = :status, response_body = :body"
                        + " where org_id = :orgId and idem_key = :key")
                .setParameter("status", status)
                .setParameter("body", body)
                .setParameter("orgId", orgId)
                .setParameter("key", key)
                .executeUpdate())
                .replaceWithVoid();
    }

    /** In its own transaction: forgets the keys created before {@code cutoff}; how many. */
    public Uni<Integer> purgeBefore(Instant cutoff) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("delete from invitation.idempotency_key where created_at < :cutoff")
                .setParameter("cutoff", cutoff)
                .executeUpdate()));
    }
}
