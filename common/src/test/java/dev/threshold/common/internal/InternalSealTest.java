package dev.threshold.common.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InternalSealTest {

    private static final String SECRET = "region-internal-secret-0123456789";

    @Test
    void opensWhatItSealedWhenKeyPurposeAndAssociatedDataMatch() {
        InternalSeal seal = InternalSeal.forPurpose(SECRET, "password-reset-mail");
        String sealed = seal.seal("the-token", "user-1");
        assertThat(sealed).startsWith("v1.").doesNotContain("the-token");
        assertThat(InternalSeal.forPurpose(SECRET, "password-reset-mail").open(sealed, "user-1")).isEqualTo("the-token");
        // a fresh nonce every time
        assertThat(seal.seal("the-token", "user-1")).isNotEqualTo(sealed);
    }

    @Test
    void refusesAnotherKeyPurposeAssociatedDataOrAlteredValue() {
        String sealed = InternalSeal.forPurpose(SECRET, "password-reset-mail").seal("the-token", "user-1");
        assertThatThrownBy(() -> InternalSeal.forPurpose(SECRET + "x", "password-reset-mail").open(sealed, "user-1"))
                .isInstanceOf(InternalSeal.Unreadable.class);
        assertThatThrownBy(() -> InternalSeal.forPurpose(SECRET, "other").open(sealed, "user-1"))
                .isInstanceOf(InternalSeal.Unreadable.class);
        assertThatThrownBy(() -> InternalSeal.forPurpose(SECRET, "password-reset-mail").open(sealed, "user-2"))
                .isInstanceOf(InternalSeal.Unreadable.class);
        char last = sealed.charAt(sealed.length() - 5);
        String altered = sealed.substring(0, sealed.length() - 5) + (last == 'A' ? 'B' : 'A') + sealed.substring(sealed.length() - 4);
        assertThatThrownBy(() -> InternalSeal.forPurpose(SECRET, "password-reset-mail").open(altered, "user-1"))
                .isInstanceOf(InternalSeal.Unreadable.class);
        assertThatThrownBy(() -> InternalSeal.forPurpose(SECRET, "password-reset-mail").open("v1.%%%", "user-1"))
                .isInstanceOf(InternalSeal.Unreadable.class);
        assertThatThrownBy(() -> InternalSeal.forPurpose(SECRET, "password-reset-mail").open(null, "user-1"))
                .isInstanceOf(InternalSeal.Unreadable.class);
    }

    @Test
    void needsARealSecret() {
        assertThatThrownBy(() -> InternalSeal.forPurpose("", "p")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> InternalSeal.forPurpose("short", "p")).isInstanceOf(IllegalStateException.class);
    }
}
