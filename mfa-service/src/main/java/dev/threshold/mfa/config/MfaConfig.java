package dev.threshold.mfa.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** MFA rules, keys and housekeeping of this service. */
@ConfigMapping(prefix = "threshold.mfa")
public interface MfaConfig {

    /** Issuer shown by authenticator apps: the otpauth URI's {@code issuer} and label prefix. */
    @WithDefault("Threshold")
    String issuer();

    Enrollment enrollment();

    Attempts attempts();

    Proof proof();

    Encryption encryption();

    Rendering rendering();

    RecoveryCodes recoveryCodes();

    Housekeeping housekeeping();

    WebAuthn webauthn();

    interface Enrollment {
        /** How long an enrollment may stay PENDING (not validated) before it is gone. */
        @WithDefault("15m")
        Duration ttl();
    }

    interface Attempts {
        /** Wrong codes (TOTP or recovery) a user may enter within {@link #window()}; then 429. */
        @WithDefault("5")
        int max();

        /** Sliding window of the wrong-code limit. */
        @WithDefault("5m")
        Duration window();
    }

    interface Proof {
        /**
         * EC P-256 private key that signs mfaProofs (PKCS#8 PEM, or its base64 body),
         * env {@code THRESHOLD_MFA_PROOF_SIGNING_KEY}. identity-service verifies with the public half.
         */
        String signingKey();

        /** {@code kid} header of mfaProofs. */
        @WithDefault("mfa-proof-1")
        String keyId();

        /** Lifetime of an mfaProof. */
        @WithDefault("2m")
        Duration ttl();
    }

    interface Encryption {
        /** The active AES-256 key for TOTP secrets at rest: base64 of 32 bytes, env {@code THRESHOLD_MFA_ENCRYPTION_KEY}. */
        String key();

        /** Id of {@link #key()}, stored with every row it encrypts; env {@code THRESHOLD_MFA_ENCRYPTION_KEY_ID}. */
        @WithDefault("k1")
        String keyId();

        /**
         * Keys that only decrypt (rows written before a rotation): {@code kid:base64,kid:base64},
         * env {@code THRESHOLD_MFA_ENCRYPTION_PREVIOUS_KEYS}.
         */
        Optional<String> previousKeys();
    }

    interface Rendering {
        /** Threads rendering QR codes (CPU work kept off the event loop). */
        @WithDefault("2")
        int threads();

        /** Renderings that may wait for a thread; beyond that the request gets 503. */
        @WithDefault("64")
        int queue();
    }

    interface RecoveryCodes {
        /** Argon2id memory cost of recovery-code hashes, KiB (OWASP's 19 MiB). */
        @WithDefault("19456")
        int memoryKib();

        /** Argon2id passes of recovery-code hashes. */
        @WithDefault("2")
        int iterations();

        /** Threads hashing recovery codes (CPU work kept off the event loop). */
        @WithDefault("2")
        int threads();

        /** Hash jobs that may wait for a thread; beyond that the request gets 503. */
        @WithDefault("32")
        int queue();
    }

    /** Passkeys (WebAuthn): who the relying party is and which pages may use its credentials. */
    interface WebAuthn {
        /**
         * The public URL of the web app, env {@code THRESHOLD_PUBLIC_BASE_URL}: its host is the
         * default RP id and it is the default (only) allowed origin.
         */
        @WithDefault("http://localhost:8080")
        String publicBaseUrl();

        /** The RP id (a registrable domain of the SPA's host); default: the host of {@link #publicBaseUrl()}. */
        Optional<String> rpId();

        /** The RP name browsers show; default: {@link MfaConfig#issuer()}. */
        Optional<String> rpName();

        /**
         * Origins whose WebAuthn responses are accepted (scheme://host[:port]), env
         * {@code THRESHOLD_MFA_WEBAUTHN_ORIGINS}; default: {@link #publicBaseUrl()} alone.
         */
        Optional<java.util.List<String>> origins();

        /** How long a WebAuthn challenge (enrollment, login, step-up) may be answered; also the browser's timeout. */
        @WithDefault("5m")
        Duration challengeTtl();
    }

    interface Housekeeping {
        /** How often expired enrollments, old used time steps and old failed attempts are purged. */
        @WithDefault("60s")
        Duration interval();
    }
}
