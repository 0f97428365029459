package dev.threshold.mfa.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecoveryCodesTest {

    private static final String CHAR = "[0-9a-hjkmnp-tv-z]";

    @Test
    void generatesTwentyCharactersOfFiveBitsEachWithEightyBitsBeyondTheLookup() {
        assertThat(RecoveryCodes.ALPHABET).hasSize(32);
        assertThat(new HashSet<>(RecoveryCodes.ALPHABET.chars().boxed().toList())).hasSize(32);
        double bitsPerChar = Math.log(RecoveryCodes.ALPHABET.length()) / Math.log(2);
        assertThat(bitsPerChar).isEqualTo(5.0);
        // the lookup is stored in clear: what a copy of the database does not tell is the rest
        assertThat((RecoveryCodes.LENGTH - RecoveryCodes.LOOKUP) * bitsPerChar).isGreaterThanOrEqualTo(80);
        Set<String> seen = new HashSet<>();
        int[] perChar = new int[32];
        for (int i = 0; i < 2000; i++) {
            String code = RecoveryCodes.generate();
            assertThat(code).matches(CHAR + "{4}(-" + CHAR + "{4}){4}");
            seen.add(code);
            for (char c : code.replace("-", "").toCharArray()) {
                perChar[RecoveryCodes.ALPHABET.indexOf(c)]++;
            }
        }
        assertThat(seen).hasSize(2000);
        // 40,000 characters: every symbol of the alphabet shows up about 1,250 times
        for (int count : perChar) {
            assertThat(count).isBetween(1000, 1500);
        }
    }

    @Test
    void aSetHasTenCodesWithDistinctLookups() {
        for (int i = 0; i < 200; i++) {
            List<String> set = RecoveryCodes.generateSet();
            assertThat(set).hasSize(RecoveryCodes.COUNT);
            assertThat(set.stream().map(code -> code.substring(0, RecoveryCodes.LOOKUP)).distinct()).hasSize(10);
        }
    }

    @Test
    void readsCodesAsPeopleTypeThem() {
        assertThat(RecoveryCodes.normalize("AB1C-0XYZ-9988-7766-5544")).isEqualTo("ab1c0xyz998877665544");
        assertThat(RecoveryCodes.normalize(" ab1c oxyz 9988 7766 5544 ")).isEqualTo("ab1c0xyz998877665544");
        assertThat(RecoveryCodes.normalize("abIc-OxyzL9")).isEqualTo("ab1c0xyz19");
        assertThat(RecoveryCodes.wellFormed("ab1c0xyz998877665544")).isTrue();
        assertThat(RecoveryCodes.wellFormed("ab1c0xyz99887766554")).isFalse();
        assertThat(RecoveryCodes.wellFormed("ab1c0xyz99887766554u")).isFalse();
        assertThat(RecoveryCodes.wellFormed("ab1c0-xyz99")).isFalse();
    }

    @Test
    void hashesWithArgon2idAndASaltPerCode() {
        CodeHasher hasher = new CodeHasher(19456, 2);
        String hash = hasher.hash("ab1c0xyz998877665544");
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(hasher.hash("ab1c0xyz998877665544")).isNotEqualTo(hash);
        assertThat(hasher.verify("ab1c0xyz998877665544", hash)).isTrue();
        assertThat(hasher.verify("ab1c0xyz998877665545", hash)).isFalse();
        assertThat(hasher.verify("ab1c0xyz998877665544", hash.replace("t=2", "t=3"))).isFalse();
        assertThat(hasher.verify("ab1c0xyz998877665544", "$argon2id$v=19$m=x,t=2,p=1$AAAA$AAAA")).isFalse();
        assertThat(hasher.verify("ab1c0xyz998877665544", null)).isFalse();
        // a lighter cost still verifies what a heavier one made (the cost is read from the hash)
        assertThat(new CodeHasher(64, 1).verify("ab1c0xyz998877665544", hash)).isTrue();
    }
}
