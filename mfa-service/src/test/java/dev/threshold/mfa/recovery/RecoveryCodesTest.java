package dev.threshold.mfa.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecoveryCodesTest {

    @Test
    void generatesTenCharactersOfFiveBitsEach() {
        assertThat(RecoveryCodes.ALPHABET).hasSize(32);
        assertThat(new HashSet<>(RecoveryCodes.ALPHABET.chars().boxed().toList())).hasSize(32);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            String code = RecoveryCodes.generate();
            assertThat(code).matches("[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}");
            seen.add(code);
        }
        assertThat(seen).hasSize(2000);
    }

    @Test
    void readsCodesAsPeopleTypeThem() {
        assertThat(RecoveryCodes.normalize("AB1C0-XYZ99")).isEqualTo("ab1c0xyz99");
        assertThat(RecoveryCodes.normalize(" ab1co xyz99 ")).isEqualTo("ab1c0xyz99");
        assertThat(RecoveryCodes.normalize("abIcO-xyzL9")).isEqualTo("ab1c0xyz19");
    }

    @Test
    void hashesWithTheSalt() {
        byte[] salt1 = {1, 2, 3};
        byte[] salt2 = {1, 2, 4};
        assertThat(RecoveryCodes.hash(salt1, "ab1c0xyz99")).hasSize(32)
                .isEqualTo(RecoveryCodes.hash(salt1, "ab1c0xyz99"))
                .isNotEqualTo(RecoveryCodes.hash(salt2, "ab1c0xyz99"));
    }
}
