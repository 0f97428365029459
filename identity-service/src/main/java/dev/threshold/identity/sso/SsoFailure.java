package dev.threshold.identity.sso;

/**
 * A sign-in that ends back at {@code returnTo?error=<code>}. The codes are part of the API
 * (docs/sso.md): the login page turns them into a message.
 */
public class SsoFailure extends RuntimeException {

    public static final String IDP_NOT_FOUND = "idp_not_found";
    public static final String IDP_UNAVAILABLE = "idp_unavailable";
    public static final String IDP_ERROR = "idp_error";
    public static final String SSO_FAILED = "sso_failed";
    public static final String EMAIL_MISSING = "sso_email_missing";
    public static final String EMAIL_NOT_VERIFIED = "sso_email_not_verified";
    public static final String DOMAIN_NOT_ALLOWED = "sso_domain_not_allowed";
    public static final String USER_NOT_FOUND = "sso_user_not_found";
    public static final String USER_NOT_ALLOWED = "sso_user_not_allowed";

    private final String code;

    public SsoFailure(String code) {
        super(code, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
