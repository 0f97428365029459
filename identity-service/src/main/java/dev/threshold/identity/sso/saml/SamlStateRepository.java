package dev.threshold.identity.sso.saml;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The short-lived rows of SAML sign-ins, straight on the pool (no ORM session on the ACS's hot
 * path): the AuthnRequest ids we sent ({@code saml_request}), the assertion ids we took (replay
 * guard, {@code saml_assertion}) and the one-time codes of the same-site hop to {@code finish}
 * ({@code saml_completion}, by the code's SHA-256).
 */
@ApplicationScoped
public class SamlStateRepository {

    /** What taking a validated response did. */
    public enum Completion {
        /** The request was used up, the assertion recorded, the code stored. */
        COMPLETED,
        /** The AuthnRequest it answers is unknown, used or expired. */
        REQUEST_USED,
        /** The assertion was taken before: a replay. */
        REPLAYED
    }

    /** A redeemed code: the flow it finishes ({@code requestId} empty for an IdP-initiated one). */
    public record Completed(String requestId, String returnTo, String email, String name, Instant expiresAt) {
    }

    private final Pool pool;
    private final String schema;

    public SamlStateRepository(Pool pool, @ConfigProperty(name = "threshold.events.schema") String schema) {
        this.pool = pool;
        this.schema = schema;
    }

    public Uni<Void> saveRequest(String id, UUID idpId, String returnTo, Instant expiresAt) {
        return pool.preparedQuery("insert into " + schema + ".saml_request (id, idp_id, return_to, expires_at)"
                        + " values ($1, $2, $3, $4)")
                .execute(Tuple.of(id, idpId, returnTo, utc(expiresAt)))
                .replaceWithVoid();
    }

    /** The {@code returnTo} of an AuthnRequest of this provider that has not expired, or null. */
    public Uni<String> returnToOfRequest(UUID idpId, String id, Instant now) {
        return pool.preparedQuery("select return_to from " + schema + ".saml_request where id = $1 and idp_id = $2"
                        + " and expires_at > $3")
                .execute(Tuple.of(id, idpId, utc(now)))
                .map(rows -> {
                    Row row = first(rows);
                    return row == null ? null : row.getString("return_to");
                });
    }

    /**
     * In one transaction: uses up the AuthnRequest ({@code requestId} null: IdP-initiated, nothing to
     * use up), records the assertion id until {@code keepUntil}, and stores the one-time code.
     */
    public Uni<Completion> complete(UUID idpId, String requestId, String returnTo, String assertionId, Instant keepUntil,
            byte[] codeHash, String email, String name, Instant now, Instant codeExpiresAt) {
        return pool.withTransaction(connection -> {
            Uni<Boolean> used = requestId == null ? Uni.createFrom().item(true)
                    : connection.preparedQuery("delete from " + schema + ".saml_request where id = $1 and idp_id = $2"
                            + " and expires_at > $3").execute(Tuple.of(requestId, idpId, utc(now)))
                            .map(rows -> rows.rowCount() == 1);
            return used.chain(ok -> {
                if (!ok) {
                    return Uni.createFrom().item(Completion.REQUEST_USED);
                }
                return connection.preparedQuery("insert into " + schema + ".saml_assertion (idp_id, assertion_id,"
                                + " expires_at) values ($1, $2, $3) on conflict do nothing")
                        .execute(Tuple.of(idpId, assertionId, utc(keepUntil)))
                        .chain(rows -> {
                            if (rows.rowCount() == 0) {
                                return Uni.createFrom().item(Completion.REPLAYED);
                            }
                            return connection.preparedQuery("insert into " + schema + ".saml_completion (code_hash,"
                                            + " idp_id, request_id, return_to, email, name, expires_at)"
                                            + " values ($1, $2, $3, $4, $5, $6, $7)")
                                    .execute(Tuple.from(List.of(Buffer.buffer(codeHash), idpId,
                                            requestId == null ? "" : requestId, returnTo, email, name == null ? "" : name,
                                            utc(codeExpiresAt))))
                                    .replaceWith(Completion.COMPLETED);
                        });
            });
        });
    }

    /** Takes a one-time code of this provider (whatever its expiry: the caller checks it); null when unknown or used. */
    public Uni<Completed> redeem(UUID idpId, byte[] codeHash) {
        return pool.preparedQuery("delete from " + schema + ".saml_completion where code_hash = $1 and idp_id = $2"
                        + " returning request_id, return_to, email, name, expires_at")
                .execute(Tuple.of(Buffer.buffer(codeHash), idpId))
                .map(rows -> {
                    Row row = first(rows);
                    return row == null ? null : new Completed(row.getString("request_id"), row.getString("return_to"),
                            row.getString("email"), row.getString("name"), row.getOffsetDateTime("expires_at").toInstant());
                });
    }

    /** Deletes expired requests, assertion ids past their expiry and unredeemed codes; how many rows. */
    public Uni<Integer> deleteExpired(Instant now) {
        Uni<Integer> total = Uni.createFrom().item(0);
        for (String table : List.of("saml_request", "saml_assertion", "saml_completion")) {
            total = total.chain(sum -> pool.preparedQuery("delete from " + schema + "." + table + " where expires_at < $1")
                    .execute(Tuple.of(utc(now))).map(rows -> sum + rows.rowCount()));
        }
        return total;
    }

    private static Row first(RowSet<Row> rows) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? iterator.next() : null;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
