package dev.threshold.mfa.totp;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The Key URI authenticator apps scan (Google Authenticator's "Key Uri Format"):
 * {@code otpauth://totp/<issuer>:<account>?secret=..&issuer=..&algorithm=SHA1&digits=6&period=30}.
 * Issuer and account are percent-encoded (a space is {@code %20}, never {@code +}).
 */
public final class OtpAuthUri {

    private OtpAuthUri() {
    }

    public static String of(String issuer, String account, String base32Secret) {
        return "otpauth://totp/" + encode(issuer) + ":" + encode(account)
                + "?secret=" + base32Secret
                + "&issuer=" + encode(issuer)
                + "&algorithm=" + Totp.ALGORITHM
                + "&digits=" + Totp.DIGITS
                + "&period=" + Totp.PERIOD_SECONDS;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
