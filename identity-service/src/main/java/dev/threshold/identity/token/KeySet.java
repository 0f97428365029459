package dev.threshold.identity.token;

import java.security.PrivateKey;
import java.time.Instant;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;

/** A snapshot of the signing keys: the active private key and every published public key. */
public record KeySet(String activeKid, PrivateKey activeKey, Instant activeCreatedAt, JsonWebKeySet published,
        String jwksJson, Instant loadedAt) {

    public KeySet(String activeKid, PrivateKey activeKey, Instant activeCreatedAt, JsonWebKeySet published,
            Instant loadedAt) {
        this(activeKid, activeKey, activeCreatedAt, published,
                published.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY), loadedAt);
    }

    public boolean publishes(String kid) {
        return published.findJsonWebKey(kid, null, null, null) != null;
    }
}
