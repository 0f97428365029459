package dev.threshold.identity.sso.saml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;

/** X.509 certificates of SAML: the IdP's (PEM or bare base64 DER in, base64 DER stored) and our own self-signed ones. */
public final class Certificates {

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+)-----END CERTIFICATE-----");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Not a certificate. */
    public static final class Invalid extends Exception {
        Invalid() {
            super("not an X.509 certificate", null, false, false);
        }
    }

    private Certificates() {
    }

    /** A PEM block, or bare base64 of the DER (as in metadata's {@code <ds:X509Certificate>}). */
    public static X509Certificate parse(String text) throws Invalid {
        String trimmed = text == null ? "" : text.trim();
        Matcher pem = PEM.matcher(trimmed);
        String base64 = pem.find() ? pem.group(1) : trimmed;
        try {
            byte[] der = Base64.getMimeDecoder().decode(base64.replaceAll("\\s", ""));
            if (der.length == 0) {
                throw new Invalid();
            }
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (IllegalArgumentException | CertificateException | ClassCastException e) {
            throw new Invalid();
        }
    }

    /** Every PEM block of a text (a pasted chain or several certificates). */
    public static List<String> pemBlocks(String text) {
        List<String> blocks = new ArrayList<>();
        Matcher pem = PEM.matcher(text);
        while (pem.find()) {
            blocks.add(pem.group());
        }
        return blocks;
    }

    public static String base64(X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(X509Certificate certificate) {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(encoded(certificate))
                + "\n-----END CERTIFICATE-----\n";
    }

    /** SHA-256 of the DER, hex with colons (what IdP admin consoles show). */
    public static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(encoded(certificate));
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A self-signed certificate (SHA256withRSA) for a key pair: our SAML SP signing certificate.
     * IdPs use it only as a carrier of the public key, so it need not chain anywhere.
     */
    public static X509Certificate selfSigned(KeyPair keys, String commonName, Instant notBefore, Duration validity) {
        try {
            X500Name name = new X500Name("CN=" + commonName.replaceAll("[,+=\"\\\\<>;]", "-"));
            AlgorithmIdentifier algorithm = new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption,
                    DERNull.INSTANCE);
            V3TBSCertificateGenerator generator = new V3TBSCertificateGenerator();
            generator.setSerialNumber(new ASN1Integer(new BigInteger(64, RANDOM).add(BigInteger.ONE)));
            generator.setIssuer(name);
            generator.setSubject(name);
            generator.setStartDate(new Time(Date.from(notBefore)));
            generator.setEndDate(new Time(Date.from(notBefore.plus(validity))));
            generator.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
            generator.setSignature(algorithm);
            TBSCertificate tbs = generator.generateTBSCertificate();
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(keys.getPrivate());
            signer.update(tbs.getEncoded(ASN1Encoding.DER));
            ASN1EncodableVector certificate = new ASN1EncodableVector();
            certificate.add(tbs);
            certificate.add(algorithm);
            certificate.add(new DERBitString(signer.sign()));
            byte[] der = new DERSequence(certificate).getEncoded(ASN1Encoding.DER);
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make a certificate", e);
        }
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
