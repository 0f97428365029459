package dev.threshold.identity.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.password4j.Argon2Function;
import com.password4j.types.Argon2;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHasherTest {

    private static final Argon2Engine NATIVE = new NativeArgon2();
    private static final BouncyCastleArgon2 BOUNCY_CASTLE = new BouncyCastleArgon2();
    private final PasswordHasher hasher = new PasswordHasher(Argon2Params.OWASP, NATIVE);

    @Test
    void hashesToAPhcStringThatVerifies() {
        String phc = hasher.hash("correct horse battery staple");

        assertThat(phc).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(hasher.verify("correct horse battery staple", phc)).isTrue();
        assertThat(hasher.verify("correct horse battery stapl", phc)).isFalse();
        assertThat(hasher.verify("", phc)).isFalse();
        assertThat(hasher.verify(null, phc)).isFalse();
    }

    @Test
    void refusesToHashOverLongPasswords() {
        String longest = "a".repeat(PasswordHasher.MAX_PASSWORD_CHARS);
        String phc = hasher.hash(longest);

        assertThat(hasher.verify(longest, phc)).isTrue();
        assertThat(hasher.verify(longest + "a", phc)).isFalse();
        assertThatThrownBy(() -> hasher.hash(longest + "a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hasher.hash(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void saltsEveryHash() {
        assertThat(hasher.hash("same password")).isNotEqualTo(hasher.hash("same password"));
    }

    @Test
    void unicodePasswordsRoundTripAndAreNormalized() {
        String composed = "Pässwört-\u00e9-🔑";
        String decomposed = "Pa\u0308sswo\u0308rt-e\u0301-🔑";
        String phc = hasher.hash(composed);

        assertThat(hasher.verify(composed, phc)).isTrue();
        assertThat(hasher.verify(decomposed, phc)).as("NFKC: the same text typed another way").isTrue();
        assertThat(hasher.verify("Passwort-e-🔑", phc)).isFalse();
    }

    /** RFC 9106 section 5.3: Argon2id, m=32, t=3, p=4, with secret and associated data. */
    @Test
    void bouncyCastleMatchesTheRfc9106TestVector() {
        byte[] password = filled(32, 0x01);
        byte[] salt = filled(16, 0x02);
        byte[] secret = filled(8, 0x03);
        byte[] associatedData = filled(12, 0x04);

        byte[] tag = BOUNCY_CASTLE.hash(new Argon2Params(32, 3, 4), password, salt, secret, associatedData, 32);

        assertThat(HexFormat.of().formatHex(tag))
                .isEqualTo("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
    }

    /** The native library, Bouncy Castle and password4j (a third, independent Java implementation) agree. */
    @ParameterizedTest
    @ValueSource(strings = {"correct horse battery staple", "x", "Pässwört-🔑", "        "})
    void implementationsAgreeAtTheDefaultCost(String password) {
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        byte[] salt = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
        Argon2Params p = Argon2Params.OWASP;

        byte[] expected = Argon2Function.getInstance(p.memoryKib(), p.iterations(), p.parallelism(), 32, Argon2.ID,
                Argon2Function.ARGON2_VERSION_13).hash(bytes, salt).getBytes();

        assertThat(NATIVE.hash(p, bytes, salt, 32)).isEqualTo(expected);
        assertThat(BOUNCY_CASTLE.hash(p, bytes, salt, 32)).isEqualTo(expected);
    }

    @Test
    void verifiesAPhcStringMadeByAnotherImplementation() {
        byte[] salt = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        byte[] tag = Argon2Function.getInstance(19456, 2, 1, 32, Argon2.ID, Argon2Function.ARGON2_VERSION_13)
                .hash("Tr0ub4dor&3".getBytes(StandardCharsets.UTF_8), salt).getBytes();
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        String phc = "$argon2id$v=19$m=19456,t=2,p=1$" + b64.encodeToString(salt) + "$" + b64.encodeToString(tag);

        assertThat(hasher.verify("Tr0ub4dor&3", phc)).isTrue();
        assertThat(new PasswordHasher(Argon2Params.OWASP, BOUNCY_CASTLE).verify("Tr0ub4dor&3", phc)).isTrue();
    }

    @Test
    void verifiesHashesMadeAtOtherCosts() {
        PasswordHasher old = new PasswordHasher(new Argon2Params(4096, 3, 1), NATIVE);
        String phc = old.hash("s3cret!");

        assertThat(hasher.verify("s3cret!", phc)).isTrue();
        assertThat(hasher.needsRehash(phc)).isTrue();
        assertThat(old.needsRehash(phc)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "garbage",
            "$argon2id$",
            "$argon2i$v=19$m=19456,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg$MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI",
            "$argon2d$v=19$m=19456,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg$MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI",
            "$argon2id$v=16$m=19456,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg$MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI",
            "$argon2id$m=19456,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg$MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI",
            "$argon2id$v=19$t=2,m=19456,p=1$MDEyMzQ1Njc4OWFiY2RlZg$MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI",
            "$argon2id$v=19$m=19456,t=2,p=1,keyid=abc$MDEyMzQ1Njc4OWFiY2RlZg$MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI",
            "$argon2id$v=19$m=0,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg$MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI",
            "$argon2id$v=19$m=19456,t=0,p=1$MDEyMzQ1Njc4OWFiY2RlZg$MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI",
            "$argon2id$v=19$m=19456,t=2,p=0$MDEyMzQ1Njc4OWFiY2RlZg$MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI",
            "$argon2id$v=19$m=99999999999,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg$MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI",
            "$argon2id$v=19$m=8388608,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg$MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI",
            "$argon2id$v=19$m=-1,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg$MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI",
            "$argon2id$v=19$m=019456,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg$MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI",
            "$argon2id$v=19$m=19456,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg==$MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI",
            "$argon2id$v=19$m=19456,t=2,p=1$MDEy$MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI",
            "$argon2id$v=19$m=19456,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg$MTIz",
            "$argon2id$v=19$m=19456,t=2,p=1$MDEyMzQ1Njc4OWFi*2RlZg$MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI",
            "$argon2id$v=19$m=19456,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg$MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI$",
            "$argon2id$v=19$m=19456,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg",
            "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
    })
    void rejectsMalformedOrForeignPhcStringsWithoutThrowing(String phc) {
        assertThat(hasher.verify("password", phc)).isFalse();
        assertThat(hasher.needsRehash(phc)).isTrue();
    }

    @Test
    void nullPhcIsFalseNotAnException() {
        assertThat(hasher.verify("password", null)).isFalse();
        assertThat(hasher.needsRehash(null)).isTrue();
    }

    @Test
    void needsRehashWhenAnyParameterChanged() {
        String phc = hasher.hash("s3cret!");

        assertThat(hasher.needsRehash(phc)).isFalse();
        assertThat(new PasswordHasher(new Argon2Params(47104, 2, 1), NATIVE).needsRehash(phc)).isTrue();
        assertThat(new PasswordHasher(new Argon2Params(19456, 3, 1), NATIVE).needsRehash(phc)).isTrue();
        assertThat(new PasswordHasher(new Argon2Params(19456, 2, 2), NATIVE).needsRehash(phc)).isTrue();
    }

    @Test
    void needsRehashForAnotherSaltOrHashLength() {
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        String longerHash = "$argon2id$v=19$m=19456,t=2,p=1$" + b64.encodeToString(new byte[16]) + "$"
                + b64.encodeToString(new byte[64]);
        String shorterSalt = "$argon2id$v=19$m=19456,t=2,p=1$" + b64.encodeToString(new byte[8]) + "$"
                + b64.encodeToString(new byte[32]);

        assertThat(hasher.needsRehash(longerHash)).isTrue();
        assertThat(hasher.needsRehash(shorterSalt)).isTrue();
    }

    @Test
    void dummyHashIsAValidHashAtTheCurrentCostMadeOnce() {
        String dummy = hasher.dummyHash();

        assertThat(dummy).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(hasher.dummyHash()).isSameAs(dummy);
        assertThat(hasher.needsRehash(dummy)).isFalse();
        assertThat(hasher.verify("password", dummy)).isFalse();
        assertThat(hasher.verify("", dummy)).isFalse();
    }

    @Test
    void matchesAnyOfAHistory() {
        List<String> history = List.of(hasher.hash("first-Pass1!"), hasher.hash("second-Pass2!"), "not a hash");

        assertThat(hasher.matchesAny("second-Pass2!", history)).isTrue();
        assertThat(hasher.matchesAny("third-Pass3!", history)).isFalse();
        assertThat(hasher.matchesAny("first-Pass1!", List.of())).isFalse();
    }

    @Test
    void usesTheNativeLibraryWhereItLoads() {
        // argon2-jvm ships libargon2 for linux-x86-64 (and the machine may have Debian's libargon2-1).
        assertThat(PasswordHasher.pickEngine().name()).isEqualTo("native");
    }

    @Test
    void bouncyCastleFallbackHashesVerifyWithTheNativeEngine() {
        String phc = new PasswordHasher(Argon2Params.OWASP, BOUNCY_CASTLE).hash("fallback-Pass1!");

        assertThat(hasher.verify("fallback-Pass1!", phc)).isTrue();
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
