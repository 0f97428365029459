package dev.threshold.mfa.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Our RFC 6238 against the RFC's own vectors and against java-otp, an independent implementation. */
class TotpTest {

    private static final byte[] RFC_SHA1 = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RFC_SHA256 = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RFC_SHA512 =
            "1234567890123456789012345678901234567890123456789012345678901234".getBytes(StandardCharsets.US_ASCII);

    @Test
    void matchesRfc6238AppendixBVectors() {
        long[] times = {59L, 1111111109L, 1111111111L, 1234567890L, 2000000000L, 20000000000L};
        String[] sha1 = {"94287082", "07081804", "14050471", "89005924", "69279037", "65353130"};
        String[] sha256 = {"46119246", "68084774", "67062674", "91819424", "90698825", "77737706"};
        String[] sha512 = {"90693936", "25091201", "99943326", "93441116", "38618901", "47863826"};
        for (int i = 0; i < times.length; i++) {
            long step = Totp.step(Instant.ofEpochSecond(times[i]));
            assertThat(Totp.code(RFC_SHA1, step, 8, "HmacSHA1")).isEqualTo(sha1[i]);
            assertThat(Totp.code(RFC_SHA256, step, 8, "HmacSHA256")).isEqualTo(sha256[i]);
            assertThat(Totp.code(RFC_SHA512, step, 8, "HmacSHA512")).isEqualTo(sha512[i]);
            // six digits are the last six of the eight (same truncation, smaller modulus)
            assertThat(Totp.code(RFC_SHA1, step)).isEqualTo(sha1[i].substring(2));
        }
    }

    @Test
    void agreesWithJavaOtpOnManySecretsAndTimes() throws Exception {
        TimeBasedOneTimePasswordGenerator reference =
                new TimeBasedOneTimePasswordGenerator(Duration.ofSeconds(30), 6, "HmacSHA1");
        SplittableRandom random = new SplittableRandom(6238);
        for (int i = 0; i < 5000; i++) {
            byte[] secret = new byte[i % 7 == 0 ? 10 + random.nextInt(54) : 20];
            for (int b = 0; b < secret.length; b++) {
                secret[b] = (byte) random.nextInt(256);
            }
            // 1970 .. 2286, plus both sides of step boundaries
            long seconds = random.nextLong(10_000_000_000L);
            if (i % 5 == 0) {
                seconds = seconds - seconds % 30 - (i % 2);
            }
            Instant at = Instant.ofEpochSecond(Math.max(0, seconds));
            String expected = String.format("%06d",
                    reference.generateOneTimePassword(new SecretKeySpec(secret, "HmacSHA1"), at));
            assertThat(Totp.code(secret, Totp.step(at))).as("secret #%d at %s", i, at).isEqualTo(expected);
        }
    }

    @Test
    void acceptsOneStepEitherSideButNotTwo() {
        Instant now = Instant.ofEpochSecond(1_700_000_015L);
        long step = Totp.step(now);
        assertThat(Totp.matchingSteps(RFC_SHA1, Totp.code(RFC_SHA1, step), now)).containsExactly(step);
        assertThat(Totp.matchingSteps(RFC_SHA1, Totp.code(RFC_SHA1, step - 1), now)).containsExactly(step - 1);
        assertThat(Totp.matchingSteps(RFC_SHA1, Totp.code(RFC_SHA1, step + 1), now)).containsExactly(step + 1);
        assertThat(Totp.matchingSteps(RFC_SHA1, Totp.code(RFC_SHA1, step - 2), now)).isEmpty();
        assertThat(Totp.matchingSteps(RFC_SHA1, Totp.code(RFC_SHA1, step + 2), now)).isEmpty();
        assertThat(Totp.matchingSteps(RFC_SHA1, "abcdef", now)).isEmpty();
        assertThat(Totp.matchingSteps(RFC_SHA1, "", now)).isEmpty();
    }

    @Test
    void stepsAreThirtySecondsFromTheEpoch() {
        assertThat(Totp.step(Instant.ofEpochSecond(0))).isZero();
        assertThat(Totp.step(Instant.ofEpochSecond(29))).isZero();
        assertThat(Totp.step(Instant.ofEpochSecond(30))).isOne();
        assertThat(Totp.step(Instant.ofEpochSecond(59))).isOne();
    }

    @Test
    void encodesBase32AsRfc4648() {
        String[][] vectors = {{"", ""}, {"f", "MY"}, {"fo", "MZXQ"}, {"foo", "MZXW6"}, {"foob", "MZXW6YQ"},
                {"fooba", "MZXW6YTB"}, {"foobar", "MZXW6YTBOI"}};
        for (String[] vector : vectors) {
            byte[] bytes = vector[0].getBytes(StandardCharsets.US_ASCII);
            assertThat(Base32.encode(bytes)).isEqualTo(vector[1]);
            assertThat(Base32.decode(vector[1])).isEqualTo(bytes);
        }
        assertThat(Base32.decode("mzxw6ytboi======")).isEqualTo("foobar".getBytes(StandardCharsets.US_ASCII));
        SplittableRandom random = new SplittableRandom(4648);
        for (int i = 0; i < 200; i++) {
            byte[] bytes = new byte[random.nextInt(40)];
            for (int b = 0; b < bytes.length; b++) {
                bytes[b] = (byte) random.nextInt(256);
            }
            assertThat(Base32.decode(Base32.encode(bytes))).isEqualTo(bytes);
        }
        // 160 bits are 32 characters exactly
        assertThat(Base32.encode(new byte[20])).hasSize(32);
        assertThatThrownBy(() -> Base32.decode("AB1C")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void buildsKeyUriWithEncodedIssuerAndAccount() {
        assertThat(OtpAuthUri.of("Threshold", "grace@example.test", "JBSWY3DPEHPK3PXP")).isEqualTo(
                "otpauth://totp/Threshold:grace%40example.test?secret=JBSWY3DPEHPK3PXP&issuer=Threshold"
                        + "&algorithm=SHA1&digits=6&period=30");
        assertThat(OtpAuthUri.of("Acme Corp: EU", "a+b@x.test", "ABC")).isEqualTo(
                "otpauth://totp/Acme%20Corp%3A%20EU:a%2Bb%40x.test?secret=ABC&issuer=Acme%20Corp%3A%20EU"
                        + "&algorithm=SHA1&digits=6&period=30");
        assertThat(OtpAuthUri.of("Thréshold", "ü@x.test", "ABC")).startsWith("otpauth://totp/Thr%C3%A9shold:%C3%BC%40x.test?");
    }

    @Test
    void rendersQrCodesThatDecodeToTheUri() throws Exception {
        // many secrets and account lengths: every code must read back, not most of them
        SplittableRandom random = new SplittableRandom(18004);
        for (int i = 0; i < 300; i++) {
            byte[] secret = new byte[20];
            for (int b = 0; b < secret.length; b++) {
                secret[b] = (byte) random.nextInt(256);
            }
            String account = "user-" + Long.toHexString(random.nextLong()).repeat(1 + i % 4) + "@example-" + i + ".test";
            String uri = OtpAuthUri.of(i % 3 == 0 ? "Threshold Staging" : "Threshold", account, Base32.encode(secret));
            assertThat(QrDecoder.decode(QrCodes.render(uri))).as("uri %s", uri).isEqualTo(uri);
        }
    }
}
