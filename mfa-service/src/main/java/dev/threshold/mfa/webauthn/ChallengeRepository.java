package dev.threshold.mfa.webauthn;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * WebAuthn challenges (table {@code webauthn_challenge}): 32 random bytes, stored with whom and
 * what they are for, single use, short-lived. Runs in the caller's transaction.
 */
@ApplicationScoped
public class ChallengeRepository {

    /** WebAuthn asks for at least 16 random bytes; 32 as the other secrets here. */
    static final int BYTES = 32;
    /** Open LOGIN or STEP_UP challenges a person may have at once; one more drops the oldest. */
    static final int MAX_OPEN = 5;
    private static final SecureRandom RANDOM = new SecureRandom();

    public enum Purpose { REGISTRATION, LOGIN, STEP_UP }

    /** A new challenge; for REGISTRATION {@code deviceId} is the pending enrollment, for LOGIN {@code flow} the login. */
    public Uni<byte[]> issue(String userId, UUID orgId, Purpose purpose, UUID deviceId, UUID flow, Instant now,
            Instant expiresAt) {
        byte[] challenge = new byte[BYTES];
        RANDOM.nextBytes(challenge);
        // the columns that have a value only (a null parameter of a native query has no SQL type)
        String columns = (deviceId != null ? ", device_id" : "") + (flow != null ? ", flow" : "");
        String values = (deviceId != null ? ", :device" : "") + (flow != null ? ", :flow" : "");
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("""
                        delete from mfa.webauthn_challenge where user_id = :user and org_id = :org
                            and (expires_at <= :now or challenge in (select challenge from mfa.webauthn_challenge
                                where user_id = :user and org_id = :org and purpose = :purpose
                                order by created_at desc offset :keep))""")
                        .setParameter("user", userId)
                        .setParameter("org", orgId)
                        .setParameter("now", now)
                        .setParameter("purpose", purpose.name())
                        .setParameter("keep", MAX_OPEN - 1)
                        .executeUpdate())
                .chain(() -> Panache.getSession())
                .chain(session -> {
                    var insert = session.createNativeQuery("insert into mfa.webauthn_challenge (challenge, user_id, org_id,"
                            + " purpose, created_at, expires_at" + columns + ") values (:challenge, :user, :org, :purpose,"
                            + " :now, :expires" + values + ")")
                            .setParameter("challenge", challenge)
                            .setParameter("user", userId)
                            .setParameter("org", orgId)
                            .setParameter("purpose", purpose.name())
                            .setParameter("now", now)
                            .setParameter("expires", expiresAt);
                    if (deviceId != null) {
                        insert.setParameter("device", deviceId);
                    }
                    if (flow != null) {
                        insert.setParameter("flow", flow);
                    }
                    return insert.executeUpdate();
                })
                .replaceWith(challenge);
    }

    /**
     * Uses up {@code challenge} if it was issued to this person for this purpose (and this
     * enrollment or login flow) and has not expired: true once, false for an unknown, expired,
     * foreign or already used one.
     */
    public Uni<Boolean> consume(byte[] challenge, String userId, UUID orgId, Purpose purpose, UUID deviceId, UUID flow,
            Instant now) {
        if (challenge == null || challenge.length != BYTES) {
            return Uni.createFrom().item(false);
        }
        String scope = (deviceId != null ? " and device_id = :device" : " and device_id is null")
                + (flow != null ? " and flow = :flow" : " and flow is null");
        return Panache.getSession()
                .chain(session -> {
                    var delete = session.createNativeQuery("delete from mfa.webauthn_challenge where challenge = :challenge"
                            + " and user_id = :user and org_id = :org and purpose = :purpose and expires_at > :now" + scope)
                            .setParameter("challenge", challenge)
                            .setParameter("user", userId)
                            .setParameter("org", orgId)
                            .setParameter("purpose", purpose.name())
                            .setParameter("now", now);
                    if (deviceId != null) {
                        delete.setParameter("device", deviceId);
                    }
                    if (flow != null) {
                        delete.setParameter("flow", flow);
                    }
                    return delete.executeUpdate();
                })
                .map(deleted -> deleted == 1);
    }

    public Uni<Integer> deleteAllOf(String userId, UUID orgId) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("delete from mfa.webauthn_challenge where user_id = :user and org_id = :org")
                .setParameter("user", userId).setParameter("org", orgId).executeUpdate());
    }

    public Uni<Integer> deleteExpired(Instant now) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("delete from mfa.webauthn_challenge where expires_at <= :now")
                .setParameter("now", now).executeUpdate());
    }
}
