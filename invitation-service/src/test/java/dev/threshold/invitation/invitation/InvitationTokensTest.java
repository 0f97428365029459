package dev.threshold.invitation.invitation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InvitationTokensTest {

    @Test
    void generatesDistinctUrlSafeTokensOf256Bits() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = InvitationTokens.generate();
            assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]+");
            assertThat(InvitationTokens.wellFormed(token)).isTrue();
            assertThat(seen.add(token)).isTrue();
        }
    }

    @Test
    void hashesToSha256HexThatDoesNotContainTheToken() {
        String token = InvitationTokens.generate();
        assertThat(InvitationTokens.hash(token)).hasSize(64).matches("[0-9a-f]+").isEqualTo(InvitationTokens.hash(token))
                .doesNotContain(token);
        assertThat(InvitationTokens.hash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void rejectsStringsThatCannotBeTokensWhenCheckingShape() {
        for (String bad : new String[] {null, "", "short", "a".repeat(44), "a".repeat(42) + "=", "a".repeat(42) + "é",
            "a".repeat(42) + "/"}) {
            assertThat(InvitationTokens.wellFormed(bad)).as(String.valueOf(bad)).isFalse();
        }
    }
}
