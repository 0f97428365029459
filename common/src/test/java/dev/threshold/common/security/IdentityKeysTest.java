package dev.threshold.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.threshold.common.problem.CommonProblem;
import dev.threshold.common.problem.ProblemException;
import dev.threshold.common.testing.TestClock;
import io.quarkus.security.AuthenticationFailedException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The decision before quarkus-oidc verifies a bearer: published key -> on; unknown key -> one
 * shared read of identity-service's JWKS; no answer -> 503 identity_unavailable (never 401), and
 * keys already known keep working; forged key ids never make it ask more than once per interval.
 */
class IdentityKeysTest {

    static final Duration MIN_REFRESH = Duration.ofSeconds(1);
    static final Duration MAX_AGE = Duration.ofMinutes(5);

    final TestClock clock = TestClock.pinnedAt(Instant.now());
    /** What identity-service answers to the next reads: key ids, or a failure. */
    final Deque<Supplier<Uni<Set<String>>>> answers = new ArrayDeque<>();
    final AtomicInteger reads = new AtomicInteger();
    final IdentityKeys keys = new IdentityKeys(() -> {
        reads.incrementAndGet();
        Supplier<Uni<Set<String>>> next = answers.poll();
        return next == null ? Uni.createFrom().failure(new IllegalStateException("no answer scripted")) : next.get();
    }, clock, MIN_REFRESH, MAX_AGE);

    static String token(String kid) {
        String header = kid == null ? "{\"alg\":\"ES256\"}" : "{\"alg\":\"ES256\",\"kid\":\"" + kid + "\"}";
        return Base64.getUrlEncoder().withoutPadding().encodeToString(header.getBytes(StandardCharsets.UTF_8))
                + ".eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
    }

    void identityAnswers(String... kids) {
        answers.add(() -> Uni.createFrom().item(Set.of(kids)));
    }

    void identityIsDown() {
        answers.add(() -> Uni.createFrom().failure(new ConnectException("Connection refused")));
    }

    void admitted(String kid) {
        keys.admit(token(kid)).subscribe().withSubscriber(UniAssertSubscriber.create()).awaitItem();
    }

    Throwable refused(String kid) {
        return keys.admit(token(kid)).subscribe().withSubscriber(UniAssertSubscriber.create()).awaitFailure().getFailure();
    }

    static void assertUnauthorized(Throwable failure) {
        assertThat(failure).isInstanceOf(AuthenticationFailedException.class);
        assertThat(failure.getCause()).as("a plain 401, no problem of its own").isNull();
    }

    static void assertIdentityUnavailable(Throwable failure) {
        assertIdentityUnavailable(failure, "5");
    }

    static void assertIdentityUnavailable(Throwable failure, String retryAfter) {
        assertThat(failure).isInstanceOf(AuthenticationFailedException.class);
        assertThat(failure.getCause()).isInstanceOf(ProblemException.class);
        ProblemException problem = (ProblemException) failure.getCause();
        assertThat(problem.problem()).isEqualTo(CommonProblem.IDENTITY_UNAVAILABLE);
        assertThat(problem.problem().status()).isEqualTo(503);
        assertThat(problem.headers()).containsEntry("Retry-After", retryAfter);
    }

    @Test
    void aPublishedKeyGoesOnAndIsReadOnlyOnce() {
        identityAnswers("k1", "k2");
        admitted("k1");
        admitted("k2");
        admitted("k1");
        assertThat(reads).hasValue(1);
        assertThat(keys.knownKeyIds()).containsExactlyInAnyOrder("k1", "k2");
        assertThat(keys.lastRead()).contains(clock.instant());
    }

    @Test
    void aKeyIdentityServiceDoesNotPublishIsUnauthorized() {
        identityAnswers("k1");
        assertUnauthorized(refused("forged"));
        assertThat(reads).hasValue(1);
    }

    @Test
    void noAnswerFromIdentityServiceIsIdentityUnavailableNotUnauthorized() {
        identityIsDown();
        assertIdentityUnavailable(refused("k1"));
        assertThat(keys.lastFailure()).hasValueSatisfying(f -> assertThat(f.reason()).contains("Connection refused"));
        assertThat(keys.failedReads()).isEqualTo(1);
    }

    @Test
    void knownKeysKeepWorkingWhileIdentityServiceIsDownAndNewOnesRecoverWhenItIsBack() {
        identityAnswers("k1");
        admitted("k1");

        clock.advance(Duration.ofSeconds(2));
        identityIsDown();
        assertIdentityUnavailable(refused("k2"));
        admitted("k1");
        assertThat(reads).hasValue(2);

        // back: the next request reads again, without a restart
        identityAnswers("k1", "k2");
        admitted("k2");
        assertThat(reads).hasValue(3);
        assertThat(keys.lastFailure()).isEmpty();
    }

    @Test
    void forgedKeyIdsAskIdentityServiceAtMostOncePerInterval() {
        identityAnswers("k1");
        admitted("k1");
        for (int i = 0; i < 50; i++) {
            // within the interval an unlisted key may be one just rotated to: 503 + Retry-After, never 401
            assertIdentityUnavailable(refused("forged-" + i), "1");
        }
        assertThat(reads).as("within the interval of the last read").hasValue(1);

        clock.advance(MIN_REFRESH);
        identityAnswers("k1", "k2");
        admitted("k2");
        assertThat(reads).hasValue(2);
        clock.advance(MIN_REFRESH);
        identityAnswers("k1", "k2");
        assertUnauthorized(refused("forged-after-a-read"));
        assertThat(reads).hasValue(3);
    }

    @Test
    void requestsWaitingForAKeyShareOneRead() {
        CompletableFuture<Set<String>> answer = new CompletableFuture<>();
        answers.add(() -> Uni.createFrom().completionStage(answer));
        var first = keys.admit(token("k1")).subscribe().withSubscriber(UniAssertSubscriber.create());
        var second = keys.admit(token("k1")).subscribe().withSubscriber(UniAssertSubscriber.create());
        var third = keys.admit(token("unknown")).subscribe().withSubscriber(UniAssertSubscriber.create());
        assertThat(reads).hasValue(1);

        answer.complete(Set.of("k1"));
        first.awaitItem();
        second.awaitItem();
        assertUnauthorized(third.awaitFailure().getFailure());
        assertThat(reads).hasValue(1);
    }

    @Test
    void aStaleListIsReadAgainInTheBackgroundAndAWithdrawnKeyIsThenRefused() {
        identityAnswers("old", "new");
        admitted("old");

        clock.advance(MAX_AGE);
        identityAnswers("new");
        admitted("old"); // served from the list it has, while it reads again
        assertThat(reads).hasValue(2);
        assertThat(keys.knownKeyIds()).containsExactly("new");
        assertIdentityUnavailable(refused("old"), "1"); // just read: asked again only after the interval
        clock.advance(MIN_REFRESH);
        identityAnswers("new");
        assertUnauthorized(refused("old"));
    }

    @Test
    void aFailedBackgroundReadKeepsTheKeysItHas() {
        identityAnswers("k1");
        admitted("k1");
        clock.advance(MAX_AGE);
        identityIsDown();
        admitted("k1");
        admitted("k1");
        assertThat(keys.knownKeyIds()).containsExactly("k1");
        assertThat(keys.lastFailure()).isPresent();
        assertThat(reads).as("one background read per interval, failed ones included").hasValue(2);

        clock.advance(MIN_REFRESH);
        identityAnswers("k1");
        admitted("k1");
        assertThat(reads).hasValue(3);
        assertThat(keys.lastFailure()).isEmpty();
    }

    @Test
    void aBearerWithoutAReadableKeyIdIsUnauthorizedWithoutAsking() {
        for (String bad : new String[] {token(null), "not-a-jwt", "bm90LWpzb24.e30.c2ln", ".e30.c2ln", "W10.e30.c2ln"}) {
            Throwable failure = keys.admit(bad).subscribe().withSubscriber(UniAssertSubscriber.create())
                    .awaitFailure().getFailure();
            assertUnauthorized(failure);
        }
        assertThat(reads).hasValue(0);
    }

    @Test
    void withoutAJwksEveryBearerGoesOnToQuarkusOidc() {
        IdentityKeys fixedKey = new IdentityKeys(null, clock, MIN_REFRESH, MAX_AGE);
        assertThat(fixedKey.active()).isFalse();
        fixedKey.admit("anything").subscribe().withSubscriber(UniAssertSubscriber.create()).awaitItem();
    }

    @Test
    void keyIdIsReadFromTheHeaderOnly() {
        assertThat(IdentityKeys.keyId(token("abc"))).isEqualTo("abc");
        assertThat(IdentityKeys.keyId(token(null))).isNull();
        assertThat(IdentityKeys.keyId(null)).isNull();
        assertThat(IdentityKeys.keyId("eyJraWQiOjQyfQ.e30.c2ln")).as("kid 42 is not a string").isNull();
        assertThat(catchThrowable(() -> IdentityKeys.keyId("%%%.e30.c2ln"))).isNull();
    }

    @Test
    void theJwksDocumentIsReadForItsKeyIds() {
        assertThat(IdentityJwks.keyIds("{\"keys\":[{\"kty\":\"EC\",\"kid\":\"a\"},{\"kty\":\"EC\"},{\"kid\":\"b\"}]}"))
                .containsExactlyInAnyOrder("a", "b");
        assertThat(IdentityJwks.keyIds("{\"keys\":[]}")).isEmpty();
        assertThat(catchThrowable(() -> IdentityJwks.keyIds("{\"error\":\"x\"}"))).isInstanceOf(IllegalStateException.class);
        assertThat(catchThrowable(() -> IdentityJwks.keyIds("<html>"))).isInstanceOf(RuntimeException.class);
    }
}
