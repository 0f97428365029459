package dev.threshold.testing;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A software WebAuthn authenticator and browser in one, written from the specification with the
 * JDK alone (its own small CBOR encoder, EC P-256 keys, SHA256withECDSA), so the service's
 * webauthn4j is tested against an independent implementation, not against itself. It answers
 * creation and request options (as the service sends them, JSON maps) with Level 3
 * RegistrationResponseJSON / AuthenticationResponseJSON maps, as {@code PublicKeyCredential.toJSON()}
 * gives them. Fields are public so a test can make it misbehave (another origin, RP id, counter).
 */
public final class SoftAuthenticator {

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int UP = 0x01;
    private static final int UV = 0x04;
    private static final int AT = 0x40;

    public final byte[] credentialId = new byte[32];
    public KeyPair keys;
    /** The signature counter; each assertion adds one before signing. */
    public long counter;
    /** The page's origin the "browser" writes into clientDataJSON; null: taken from the options' RP id as http://<id>:8080. */
    public String origin;
    /** The RP id whose hash goes into authenticatorData; null: the options' RP id. */
    public String rpId;
    /** Attestation statement format of registrations: {@code none} or {@code packed} (self attestation). */
    public String format = "none";
    public byte[] aaguid = new byte[16];

    public SoftAuthenticator(String origin) {
        RANDOM.nextBytes(credentialId);
        this.keys = newKeys();
        this.origin = origin;
    }

    public String credentialIdBase64() {
        return B64URL.encodeToString(credentialId);
    }

    /** A fresh key pair: this authenticator then signs with a key the service does not know. */
    public static KeyPair newKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** navigator.credentials.create({publicKey: options}) */
    @SuppressWarnings("unchecked")
    public Map<String, Object> register(Map<String, Object> options) {
        Map<String, Object> rp = (Map<String, Object>) options.get("rp");
        String id = rpId != null ? rpId : (String) rp.get("id");
        byte[] clientData = clientData("webauthn.create", (String) options.get("challenge"), (String) rp.get("id"));
        ByteArrayOutputStream authData = new ByteArrayOutputStream();
        authData.writeBytes(sha256(id.getBytes(StandardCharsets.UTF_8)));
        authData.write(UP | UV | AT);
        authData.writeBytes(ByteBuffer.allocate(4).putInt((int) counter).array());
        authData.writeBytes(aaguid);
        authData.write(credentialId.length >> 8);
        authData.write(credentialId.length & 0xff);
        authData.writeBytes(credentialId);
        authData.writeBytes(coseKey());
        byte[] authenticatorData = authData.toByteArray();
        Map<Object, Object> statement = new LinkedHashMap<>();
        if ("packed".equals(format)) {
            statement.put("alg", -7);
            statement.put("sig", sign(concat(authenticatorData, sha256(clientData))));
        }
        Map<Object, Object> attestation = new LinkedHashMap<>();
        attestation.put("fmt", format);
        attestation.put("attStmt", statement);
        attestation.put("authData", authenticatorData);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("clientDataJSON", B64URL.encodeToString(clientData));
        response.put("attestationObject", B64URL.encodeToString(Cbor.encode(attestation)));
        response.put("transports", List.of("internal"));
        return credential(response);
    }

    /** navigator.credentials.get({publicKey: options}) */
    public Map<String, Object> authenticate(Map<String, Object> options) {
        String id = rpId != null ? rpId : (String) options.get("rpId");
        byte[] clientData = clientData("webauthn.get", (String) options.get("challenge"), (String) options.get("rpId"));
        counter++;
        ByteArrayOutputStream authData = new ByteArrayOutputStream();
        authData.writeBytes(sha256(id.getBytes(StandardCharsets.UTF_8)));
        authData.write(UP | UV);
        authData.writeBytes(ByteBuffer.allocate(4).putInt((int) counter).array());
        byte[] authenticatorData = authData.toByteArray();
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("clientDataJSON", B64URL.encodeToString(clientData));
        response.put("authenticatorData", B64URL.encodeToString(authenticatorData));
        response.put("signature", B64URL.encodeToString(sign(concat(authenticatorData, sha256(clientData)))));
        return credential(response);
    }

    private Map<String, Object> credential(Map<String, Object> response) {
        Map<String, Object> credential = new LinkedHashMap<>();
        credential.put("id", credentialIdBase64());
        credential.put("rawId", credentialIdBase64());
        credential.put("type", "public-key");
        credential.put("response", response);
        credential.put("authenticatorAttachment", "platform");
        credential.put("clientExtensionResults", Map.of());
        return credential;
    }

    private byte[] clientData(String type, String challenge, String optionsRpId) {
        String page = origin != null ? origin : "http://" + optionsRpId + ":8080";
        // the challenge as the options carried it (base64url); B64URL_DECODER checks it is one
        B64URL_DECODER.decode(challenge);
        return ("{\"type\":\"" + type + "\",\"challenge\":\"" + challenge + "\",\"origin\":\"" + page
                + "\",\"crossOrigin\":false}").getBytes(StandardCharsets.UTF_8);
    }

    /** The public key as a COSE_Key: kty EC2 (2), alg ES256 (-7), crv P-256 (1), x, y. */
    private byte[] coseKey() {
        ECPublicKey key = (ECPublicKey) keys.getPublic();
        Map<Object, Object> cose = new LinkedHashMap<>();
        cose.put(1, 2);
        cose.put(3, -7);
        cose.put(-1, 1);
        cose.put(-2, unsigned32(key.getW().getAffineX()));
        cose.put(-3, unsigned32(key.getW().getAffineY()));
        return Cbor.encode(cose);
    }

    private static byte[] unsigned32(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
        return out;
    }

    private byte[] sign(byte[] data) {
        try {
            Signature signature = Signature.getInstance("SHA256withECDSA");
            signature.initSign(keys.getPrivate());
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The part of CBOR (RFC 8949) WebAuthn needs: integers, byte and text strings, arrays, maps (in the given order). */
    static final class Cbor {

        private Cbor() {
        }

        static byte[] encode(Object value) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            write(out, value);
            return out.toByteArray();
        }

        private static void write(ByteArrayOutputStream out, Object value) {
            if (value instanceof Integer || value instanceof Long) {
                long number = ((Number) value).longValue();
                if (number >= 0) {
                    head(out, 0, number);
                } else {
                    head(out, 1, -1 - number);
                }
            } else if (value instanceof byte[] bytes) {
                head(out, 2, bytes.length);
                out.writeBytes(bytes);
            } else if (value instanceof String text) {
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                head(out, 3, bytes.length);
                out.writeBytes(bytes);
            } else if (value instanceof List<?> list) {
                head(out, 4, list.size());
                list.forEach(item -> write(out, item));
            } else if (value instanceof Map<?, ?> map) {
                head(out, 5, map.size());
                map.forEach((key, item) -> {
                    write(out, key);
                    write(out, item);
                });
            } else {
                throw new IllegalArgumentException("no CBOR for " + value);
            }
        }

        private static void head(ByteArrayOutputStream out, int major, long length) {
            int type = major << 5;
            if (length < 24) {
                out.write(type | (int) length);
            } else if (length < 0x100) {
                out.write(type | 24);
                out.write((int) length);
            } else if (length < 0x10000) {
                out.write(type | 25);
                out.write((int) (length >> 8));
                out.write((int) length & 0xff);
            } else {
                out.write(type | 26);
                out.writeBytes(ByteBuffer.allocate(4).putInt((int) length).array());
            }
        }
    }
}
