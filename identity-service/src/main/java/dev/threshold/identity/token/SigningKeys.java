package dev.threshold.identity.token;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.lang.JoseException;

/**
 * The signing keys of this region: one active ES256 key signs, and keys retired less than a token
 * lifetime ago stay published so their tokens keep verifying during a rotation. Keys live in the
 * identity schema (private halves encrypted); every instance caches them and re-reads them
 * periodically, and at once when it meets a key id it does not know.
 */
@ApplicationScoped
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class);
    private static final String ALGORITHM = "ES256";
    /** Tokens may be checked a little after expiry by clocks that lag; keep keys that long more. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
    private static final Duration MIN_RELOAD_GAP = Duration.ofSeconds(1);

    private final SigningKeyRepository repository;
    private final KeyEncryption encryption;
    private final TokenConfig config;
    private final Clock clock;
    private final AtomicReference<KeySet> current = new AtomicReference<>();
    private volatile Uni<KeySet> loading;

    public SigningKeys(SigningKeyRepository repository, KeyEncryption encryption, TokenConfig config, Clock clock) {
        this.repository = repository;
        this.encryption = encryption;
        this.config = config;
        this.clock = clock;
    }

    /** The cached keys, loading them (and creating the first key) when there are none yet. */
    public Uni<KeySet> keys() {
        KeySet keys = current.get();
        return keys != null ? Uni.createFrom().item(keys) : reload();
    }

    /** Re-reads the keys, unless that happened within the last second (unknown-kid storms). */
    public Uni<KeySet> reloadForUnknownKid() {
        KeySet keys = current.get();
        if (keys != null && keys.loadedAt().plus(MIN_RELOAD_GAP).isAfter(clock.instant())) {
            return Uni.createFrom().item(keys);
        }
        return reload();
    }

    public synchronized Uni<KeySet> reload() {
        if (loading == null) {
            loading = Panache.withTransaction(this::ensureActiveAndRead)
                    .invoke(current::set)
                    .eventually(() -> {
                        synchronized (this) {
                            loading = null;
                        }
                    })
                    .memoize().indefinitely();
        }
        return loading;
    }

    /** Makes a new key the signing key; the previous one stays published until its tokens expired. */
    public Uni<KeySet> rotate() {
        return Panache.withTransaction(() -> repository.retireActive(clock.instant())
                .chain(retired -> repository.persist(newKey(clock.instant())))
                .invoke(key -> LOG.infof("signing key rotated: %s is now active", key.kid)))
                .chain(key -> reload());
    }

    @Scheduled(every = "${threshold.tokens.key-refresh:30s}", delayed = "${threshold.tokens.key-refresh:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshAndRotateWhenDue() {
        return reload().chain(keys -> keys.activeCreatedAt().plus(config.rotationInterval()).isBefore(clock.instant())
                ? rotate() : Uni.createFrom().item(keys))
                .onFailure().invoke(e -> LOG.warnf("signing keys not refreshed: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** How long a retired key stays in the JWKS: the longest token lifetime plus clock skew. */
    Duration publishWindow() {
        Duration longest = config.accessTokenTtl().compareTo(config.mfaTokenTtl()) >= 0
                ? config.accessTokenTtl() : config.mfaTokenTtl();
        return longest.plus(CLOCK_SKEW);
    }

    private Uni<KeySet> ensureActiveAndRead() {
        Instant now = clock.instant();
        return repository.published(now.minus(publishWindow())).chain(keys -> {
            SigningKey active = keys.stream().filter(k -> k.retiredAt == null).findFirst().orElse(null);
            if (active != null && !readable(active)) {
                // encrypted under another key-encryption key (a changed secret, or another checkout's
                // secrets on a shared database): the private half is lost, so a new key takes over;
                // the old public half stays published for its tokens
                LOG.warnf("signing key %s cannot be decrypted with key-encryption key %s: a new signing key takes over",
                        active.kid, encryption.keyId());
                SigningKey replacement = newKey(now);
                active.retiredAt = now; // a managed entity: flushed before the insert of its successor
                return repository.flush().chain(() -> repository.persist(replacement))
                        .chain(() -> repository.published(now.minus(publishWindow())))
                        .map(all -> toKeySet(all, now));
            }
            if (active != null) {
                return Uni.createFrom().item(toKeySet(keys, now));
            }
            SigningKey first = newKey(now);
            LOG.infof("no active signing key: created %s", first.kid);
            return repository.persist(first).chain(() -> repository.published(now.minus(publishWindow())))
                    .map(all -> toKeySet(all, now));
        });
    }

    private boolean readable(SigningKey key) {
        try {
            encryption.decrypt(key.privateKey, key.encryptionKeyId, key.kid);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private SigningKey newKey(Instant now) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            SigningKey key = new SigningKey();
            key.kid = now.toString().substring(0, 10) + "-" + UUID.randomUUID().toString().substring(0, 8);
            key.algorithm = ALGORITHM;
            EllipticCurveJsonWebKey jwk = new EllipticCurveJsonWebKey((ECPublicKey) pair.getPublic());
            jwk.setKeyId(key.kid);
            jwk.setUse("sig");
            jwk.setAlgorithm(ALGORITHM);
            key.publicJwk = jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
            key.encryptionKeyId = encryption.keyId();
            key.privateKey = encryption.encrypt(pair.getPrivate().getEncoded(), key.kid);
            key.createdAt = now;
            return key;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an ES256 key", e);
        }
    }

    private KeySet toKeySet(List<SigningKey> keys, Instant now) {
        try {
            List<JsonWebKey> published = new ArrayList<>();
            SigningKey active = null;
            for (SigningKey key : keys) {
                published.add(JsonWebKey.Factory.newJwk(key.publicJwk));
                if (key.retiredAt == null) {
                    active = key;
                }
            }
            if (active == null) {
                throw new IllegalStateException("no active signing key");
            }
            byte[] der = encryption.decrypt(active.privateKey, active.encryptionKeyId, active.kid);
            PrivateKey privateKey = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
            return new KeySet(active.kid, privateKey, active.createdAt, new JsonWebKeySet(published), now);
        } catch (GeneralSecurityException | JoseException e) {
            throw new IllegalStateException("stored signing keys are unreadable", e);
        }
    }
}
