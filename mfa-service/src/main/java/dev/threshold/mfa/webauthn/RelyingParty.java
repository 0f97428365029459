package dev.threshold.mfa.webauthn;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.authenticator.COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.verifier.attestation.statement.none.NoneAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.statement.packed.PackedAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.trustworthiness.certpath.NullCertPathTrustworthinessVerifier;
import com.webauthn4j.verifier.attestation.trustworthiness.self.DefaultSelfAttestationTrustworthinessVerifier;
import com.webauthn4j.verifier.exception.MaliciousCounterValueException;
import dev.threshold.mfa.config.MfaConfig;
import dev.threshold.mfa.device.Device;
import dev.threshold.mfa.webauthn.api.PublicKeyOptions;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * This service as a WebAuthn relying party: its RP id and accepted origins, the options it hands
 * to browsers, and the verification of what comes back, by webauthn4j. Attestation is not asked
 * for ({@code attestation: "none"}); a response with a {@code none} or {@code packed} statement is
 * accepted (packed: its signature is checked, its certificate chain is not judged), any other
 * format refused. Registration and assertion need user presence; user verification is preferred,
 * not required (the password was the first factor).
 */
@Singleton
public class RelyingParty {

    private static final Logger LOG = Logger.getLogger(RelyingParty.class);
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    /** ES256, EdDSA, RS256: what authenticators in use sign with, in order of preference. */
    static final List<COSEAlgorithmIdentifier> ALGORITHMS = List.of(COSEAlgorithmIdentifier.ES256,
            COSEAlgorithmIdentifier.EdDSA, COSEAlgorithmIdentifier.RS256);
    private static final String PUBLIC_KEY = "public-key";
    private static final String PREFERRED = "preferred";

    private final String rpId;
    private final String rpName;
    private final Set<Origin> origins;
    private final long timeoutMillis;
    private final ObjectConverter converter = new ObjectConverter();
    private final WebAuthnManager manager;
    private final List<PublicKeyCredentialParameters> parameters;

    public RelyingParty(MfaConfig config) {
        MfaConfig.WebAuthn webauthn = config.webauthn();
        URI base = URI.create(webauthn.publicBaseUrl().strip());
        if (base.getHost() == null) {
            throw new IllegalArgumentException("threshold.mfa.webauthn.public-base-url (THRESHOLD_PUBLIC_BASE_URL) is not"
                    + " an absolute URL: " + webauthn.publicBaseUrl());
        }
        this.rpId = webauthn.rpId().map(String::strip).filter(id -> !id.isEmpty())
                .orElse(base.getHost()).toLowerCase(Locale.ROOT);
        this.rpName = webauthn.rpName().filter(name -> !name.isBlank()).orElse(config.issuer());
        Set<Origin> accepted = new LinkedHashSet<>();
        for (String origin : webauthn.origins().orElse(List.of(webauthn.publicBaseUrl()))) {
            if (!origin.isBlank()) {
                accepted.add(new Origin(canonicalOrigin(origin.strip())));
            }
        }
        this.origins = Set.copyOf(accepted);
        this.timeoutMillis = webauthn.challengeTtl().toMillis();
        this.manager = new WebAuthnManager(
                List.of(new NoneAttestationStatementVerifier(), new PackedAttestationStatementVerifier()),
                new NullCertPathTrustworthinessVerifier(), new DefaultSelfAttestationTrustworthinessVerifier(), converter);
        this.parameters = ALGORITHMS.stream()
                .map(alg -> new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, alg)).toList();
        LOG.infof("WebAuthn relying party %s, origins %s", rpId,
                origins.stream().map(Origin::toString).collect(Collectors.joining(", ")));
    }

    public String rpId() {
        return rpId;
    }

    // ---------------------------------------------------------------- options

    /** Creation options for a new passkey of {@code account}; the person's passkeys are excluded. */
    public PublicKeyOptions.Creation creationOptions(byte[] challenge, String userId, String account, List<Device> existing) {
        return new PublicKeyOptions.Creation(
                new PublicKeyOptions.RelyingPartyEntity(rpId, rpName),
                new PublicKeyOptions.UserEntity(B64URL.encodeToString(userHandle(userId)), account, account),
                B64URL.encodeToString(challenge),
                ALGORITHMS.stream().map(alg -> new PublicKeyOptions.CredentialParameters(PUBLIC_KEY, alg.getValue())).toList(),
                timeoutMillis,
                descriptors(existing),
                new PublicKeyOptions.AuthenticatorSelection(PREFERRED, false, PREFERRED),
                "none",
                new PublicKeyOptions.Extensions(true));
    }

    /** Request options naming the person's passkeys. */
    public PublicKeyOptions.Request requestOptions(byte[] challenge, List<Device> passkeys) {
        return new PublicKeyOptions.Request(B64URL.encodeToString(challenge), timeoutMillis, rpId, descriptors(passkeys),
                PREFERRED);
    }

    private static List<PublicKeyOptions.CredentialDescriptor> descriptors(List<Device> passkeys) {
        return passkeys.stream().filter(Device::isPasskey).filter(device -> device.credentialId != null)
                .map(device -> new PublicKeyOptions.CredentialDescriptor(PUBLIC_KEY,
                        B64URL.encodeToString(device.credentialId), transports(device.transports)))
                .toList();
    }

    /** The WebAuthn user handle of a person: the bytes of their subject (a UUID; nothing personal). */
    public static byte[] userHandle(String userId) {
        return userId.getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- registration

    /** A RegistrationResponseJSON, parsed but not verified; {@link Refused} when it does not parse. */
    public RegistrationData parseRegistration(String json) {
        try {
            RegistrationData data = manager.parseRegistrationResponseJSON(json);
            if (data.getCollectedClientData() == null || data.getCollectedClientData().getChallenge() == null
                    || data.getAttestationObject() == null) {
                throw new Refused("incomplete registration response");
            }
            return data;
        } catch (Refused e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Refused("registration response does not parse: " + e.getClass().getSimpleName());
        }
    }

    /**
     * Verifies a registration against the challenge that was issued: type, challenge, origin, RP
     * id hash, user presence, algorithm, attestation statement.
     */
    public Registered verifyRegistration(RegistrationData data, byte[] challenge) {
        try {
            manager.verify(data, new RegistrationParameters(server(challenge), parameters, false, true));
        } catch (RuntimeException e) {
            throw new Refused("registration refused: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        AuthenticatorData<?> authenticatorData = data.getAttestationObject().getAuthenticatorData();
        AttestedCredentialData credential = authenticatorData.getAttestedCredentialData();
        if (credential == null) {
            throw new Refused("registration without attested credential data");
        }
        byte[] publicKey = converter.getCborConverter().writeValueAsBytes(credential.getCOSEKey());
        Set<AuthenticatorTransport> transports = data.getTransports();
        String transportList = transports == null || transports.isEmpty() ? null
                : transports.stream().map(AuthenticatorTransport::getValue).sorted().collect(Collectors.joining(","));
        AAGUID aaguid = credential.getAaguid();
        return new Registered(credential.getCredentialId(), publicKey, authenticatorData.getSignCount(), transportList,
                aaguid == null ? null : aaguid.getValue(), data.getAttestationObject().getFormat(),
                authenticatorData.isFlagUV(), authenticatorData.isFlagBE(), authenticatorData.isFlagBS());
    }

    /** What a verified registration leaves to store. */
    public record Registered(byte[] credentialId, byte[] publicKey, long signCount, String transports,
            java.util.UUID aaguid, String attestationFormat, boolean userVerified, boolean backupEligible,
            boolean backupState) {
    }

    // ---------------------------------------------------------------- authentication

    /** An AuthenticationResponseJSON, parsed but not verified; {@link Refused} when it does not parse. */
    public AuthenticationData parseAuthentication(String json) {
        try {
            AuthenticationData data = manager.parseAuthenticationResponseJSON(json);
            if (data.getCollectedClientData() == null || data.getCollectedClientData().getChallenge() == null
                    || data.getCredentialId() == null) {
                throw new Refused("incomplete authentication response");
            }
            return data;
        } catch (Refused e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Refused("authentication response does not parse: " + e.getClass().getSimpleName());
        }
    }

    /**
     * Verifies an assertion of {@code device}'s credential against the issued challenge: type,
     * challenge, origin, RP id hash, user presence, signature over authenticator data and client
     * data hash, and the signature counter (it must grow, unless both it and the stored one are 0).
     *
     * @return the authenticator's new signature counter
     * @throws CounterWentBack the counter did not grow: a cloned authenticator, most likely
     * @throws Refused         anything else wrong
     */
    public long verifyAuthentication(AuthenticationData data, byte[] challenge, Device device) {
        if (data.getUserHandle() != null && !Arrays.equals(data.getUserHandle(), userHandle(device.userId))) {
            throw new Refused("assertion for another user handle");
        }
        COSEKey key;
        try {
            key = converter.getCborConverter().readValue(device.publicKey, COSEKey.class);
        } catch (RuntimeException e) {
            throw new Refused("stored public key of device " + device.id + " does not parse");
        }
        AttestedCredentialData credential = new AttestedCredentialData(
                device.aaguid == null ? AAGUID.ZERO : new AAGUID(device.aaguid), device.credentialId, key);
        CredentialRecordImpl record = new CredentialRecordImpl(new NoneAttestationStatement(),
                Boolean.TRUE.equals(device.uvInitialized), device.backupEligible, device.backupState,
                device.signCount == null ? 0 : device.signCount, credential, null, null, null,
                device.transports == null ? null : Set.copyOf(transports(device.transports).stream()
                        .map(AuthenticatorTransport::create).toList()));
        try {
            manager.verify(data, new AuthenticationParameters(server(challenge), record, List.of(device.credentialId),
                    false, true));
        } catch (MaliciousCounterValueException e) {
            throw new CounterWentBack(device.signCount == null ? 0 : device.signCount,
                    data.getAuthenticatorData() == null ? -1 : data.getAuthenticatorData().getSignCount());
        } catch (RuntimeException e) {
            throw new Refused("assertion refused: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return data.getAuthenticatorData().getSignCount();
    }

    private ServerProperty server(byte[] challenge) {
        return ServerProperty.builder().origins(origins).rpId(rpId).challenge(new DefaultChallenge(challenge)).build();
    }

    private static List<String> transports(String list) {
        return list == null || list.isBlank() ? List.of() : List.of(list.split(","));
    }

    /** scheme://host[:port] in lower case, without a default port or a path. */
    static String canonicalOrigin(String url) {
        URI uri = URI.create(url);
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("not an origin: " + url);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port == -1 || ("https".equals(scheme) && port == 443) || ("http".equals(scheme) && port == 80);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    /** A response that is not a valid answer to our challenge; the message is for the log, never the client. */
    public static class Refused extends RuntimeException {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** The signature counter did not grow past the stored one. */
    public static final class CounterWentBack extends Refused {
        private final long stored;
        private final long presented;

        CounterWentBack(long stored, long presented) {
            super("signature counter " + presented + " not above the stored " + stored);
            this.stored = stored;
            this.presented = presented;
        }

        public long stored() {
            return stored;
        }

        public long presented() {
            return presented;
        }
    }
}
