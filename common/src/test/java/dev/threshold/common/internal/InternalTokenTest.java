package dev.threshold.common.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.threshold.common.problem.CommonProblem;
import dev.threshold.common.problem.ProblemException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The internal token of {@code /internal/**} calls and the filter that asks every such call for it. */
class InternalTokenTest {

    private static final String TOKEN = "region-secret-0123456789";

    @Test
    void acceptsTheRegionsTokenUnderTheInternalScheme() {
        InternalToken token = InternalToken.of(Optional.of("  " + TOKEN + " "));
        assertThat(token.configured()).isTrue();
        assertThat(token.accepts("Internal " + TOKEN)).isTrue();
        assertThat(token.accepts("internal " + TOKEN)).as("the scheme is case-insensitive").isTrue();
        assertThat(token.accepts("INTERNAL  " + TOKEN + " ")).isTrue();
    }

    @Test
    void refusesEverythingElse() {
        InternalToken token = InternalToken.of(Optional.of(TOKEN));
        assertThat(token.accepts(null)).isFalse();
        assertThat(token.accepts("")).isFalse();
        assertThat(token.accepts("Internal")).isFalse();
        assertThat(token.accepts("Internal ")).isFalse();
        assertThat(token.accepts("Bearer " + TOKEN)).isFalse();
        assertThat(token.accepts(TOKEN)).isFalse();
        assertThat(token.accepts("Internal " + TOKEN + "x")).isFalse();
        assertThat(token.accepts("Internal " + TOKEN.substring(1))).isFalse();
        assertThat(token.accepts("Internal " + TOKEN.toUpperCase())).as("the token itself is case-sensitive").isFalse();
    }

    @Test
    void withoutAUsableTokenNothingIsAccepted() {
        for (Optional<String> configured : java.util.List.of(Optional.<String>empty(), Optional.of(""),
                Optional.of("   "), Optional.of("fifteen-chars-x"))) {
            InternalToken token = InternalToken.of(configured);
            assertThat(token.configured()).as("%s", configured).isFalse();
            assertThat(token.accepts("Internal " + configured.orElse(""))).isFalse();
            assertThat(token.accepts("Internal ")).isFalse();
            assertThat(token.accepts(null)).isFalse();
        }
        assertThat(InternalToken.of(Optional.of("sixteen-chars-xx")).configured()).isTrue();
    }

    @Test
    void theFilterGuardsInternalPathsOnly() {
        InternalAuthFilter filter = new InternalAuthFilter(() -> Optional.of(TOKEN));
        assertThatCode(() -> filter.require("/api/v2/invitations", null)).doesNotThrowAnyException();
        assertThatCode(() -> filter.require("/internalx", null)).doesNotThrowAnyException();
        assertThatCode(() -> filter.require("/internal/mfa/users/u/enrolled", "Internal " + TOKEN)).doesNotThrowAnyException();
        for (String path : new String[] {"/internal", "/internal/", "/internal/invitations/redeem"}) {
            assertThatThrownBy(() -> filter.require(path, null)).isInstanceOfSatisfying(ProblemException.class,
                    e -> assertThat(e.problem()).isEqualTo(CommonProblem.INTERNAL_TOKEN_REQUIRED));
            assertThatThrownBy(() -> filter.require(path, "Internal wrong-token-0123456789"))
                    .isInstanceOf(ProblemException.class);
        }
        assertThat(CommonProblem.INTERNAL_TOKEN_REQUIRED.status()).isEqualTo(401);
    }

    @Test
    void theFilterWithoutATokenRefusesEveryInternalCall() {
        InternalAuthFilter filter = new InternalAuthFilter(Optional::empty);
        assertThatThrownBy(() -> filter.require("/internal/x", "Internal ")).isInstanceOf(ProblemException.class);
        assertThatCode(() -> filter.require("/api/v2/x", null)).doesNotThrowAnyException();
    }
}
