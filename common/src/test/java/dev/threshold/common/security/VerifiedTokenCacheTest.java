package dev.threshold.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threshold.common.testing.TestClock;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VerifiedTokenCacheTest {

    final TestClock clock = TestClock.pinnedAt(Instant.now());
    final VerifiedTokenCache cache = new VerifiedTokenCache(clock, 100);

    static SecurityIdentity identity(String name) {
        return TestIdentity.of(name);
    }

    @Test
    void aStoredTokenIsServedUntilItsExpiry() {
        SecurityIdentity alice = identity("alice");
        cache.put("token-a", alice, clock.instant().plusSeconds(60));

        assertThat(cache.get("token-a")).containsSame(alice);
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cache.stores()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(59));
        assertThat(cache.get("token-a")).containsSame(alice);

        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.get("token-a")).isEmpty();
        assertThat(cache.size()).isZero();
        assertThat(cache.misses()).isEqualTo(1);
    }

    @Test
    void anotherTokenIsAMissEvenIfItDiffersByOneCharacter() {
        cache.put("header.payload.signature", identity("alice"), clock.instant().plusSeconds(60));

        assertThat(cache.get("header.payload.signaturf")).isEmpty();
        assertThat(cache.get("header.payload.signature ")).isEmpty();
        assertThat(cache.get("header.payload.signature")).isPresent();
    }

    @Test
    void anExpiredOrExpiryLessTokenIsNeverStored() {
        cache.put("expired", identity("a"), clock.instant());
        cache.put("long-gone", identity("b"), clock.instant().minusSeconds(3600));
        cache.put("no-exp", identity("c"), null);
        cache.put("", identity("d"), clock.instant().plusSeconds(60));

        assertThat(cache.stores()).isZero();
        assertThat(cache.get("expired")).isEmpty();
        assertThat(cache.get("long-gone")).isEmpty();
        assertThat(cache.get("no-exp")).isEmpty();
    }

    @Test
    void aFarFutureExpiryDoesNotOverflow() {
        cache.put("forever", identity("a"), Instant.MAX);

        assertThat(cache.get("forever")).isPresent();
    }

    @Test
    void theCacheIsBounded() {
        for (int i = 0; i < 1_000; i++) {
            cache.put("token-" + i, identity("u" + i), clock.instant().plusSeconds(600));
        }

        assertThat(cache.size()).isLessThanOrEqualTo(100);
    }

    @Test
    void keysAreTheSha256OfTheTokenNotTheToken() {
        assertThat(VerifiedTokenCache.key("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void theRecorderStoresAVerifiedBearerIdentityUntilItsExpireTimeWithoutItsRequest() {
        VerifiedTokenRecorder recorder = new VerifiedTokenRecorder(cache);
        long exp = clock.instant().plusSeconds(300).getEpochSecond();
        Object firstRequest = new Object();
        SecurityIdentity verified = TestIdentity.of("alice")
                .with(new TokenCredential("the.raw.token", "bearer"))
                .with(VerifiedTokenRecorder.EXPIRE_TIME, exp)
                .with(RoutingContext.class.getName(), firstRequest);

        recorder.record(verified);

        SecurityIdentity cached = cache.get("the.raw.token").orElseThrow();
        assertThat(cached.getPrincipal().getName()).isEqualTo("alice");
        assertThat(cached.getRoles()).containsExactly("admin");
        assertThat(cached.<Object>getAttribute(RoutingContext.class.getName())).isNull();
        assertThat(cached.getAttributes()).doesNotContainKey(RoutingContext.class.getName())
                .containsEntry(VerifiedTokenRecorder.EXPIRE_TIME, exp);
        Object nextRequest = new Object();
        SecurityIdentity bound = new RequestBoundIdentity(cached, RoutingContext.class.getName(), nextRequest);
        assertThat(bound.<Object>getAttribute(RoutingContext.class.getName())).isSameAs(nextRequest);
        assertThat(bound.hasRole("admin")).isTrue();
        clock.advance(Duration.ofSeconds(300));
        assertThat(cache.get("the.raw.token")).isEmpty();
    }

    @Test
    void theRecorderIgnoresIdentitiesWithoutABearerTokenOrExpiry() {
        VerifiedTokenRecorder recorder = new VerifiedTokenRecorder(cache);
        long exp = clock.instant().plusSeconds(300).getEpochSecond();

        recorder.record(TestIdentity.of("no-exp").with(new TokenCredential("t1", "bearer")));
        recorder.record(TestIdentity.of("id-token").with(new TokenCredential("t2", "id_token"))
                .with(VerifiedTokenRecorder.EXPIRE_TIME, exp));
        recorder.record(TestIdentity.of(null).with(new TokenCredential("t3", "bearer"))
                .with(VerifiedTokenRecorder.EXPIRE_TIME, exp));

        assertThat(cache.stores()).isZero();
    }

    @Test
    void theMechanismReadsTheBearerTokenLikeQuarkusOidc() {
        assertThat(CachedBearerAuthenticationMechanism.bearerToken("Bearer abc.def.ghi")).isEqualTo("abc.def.ghi");
        assertThat(CachedBearerAuthenticationMechanism.bearerToken("bearer abc")).isEqualTo("abc");
        assertThat(CachedBearerAuthenticationMechanism.bearerToken("Basic dXNlcjpwYXNz")).isNull();
        assertThat(CachedBearerAuthenticationMechanism.bearerToken("Bearer ")).isNull();
        assertThat(CachedBearerAuthenticationMechanism.bearerToken(null)).isNull();
    }
}
