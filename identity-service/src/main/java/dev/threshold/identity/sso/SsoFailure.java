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
    // SAML 2.0: why a response was refused (no session is opened for any of them)
    public static final String SAML_RESPONSE_INVALID = "saml_response_invalid";
    public static final String SAML_DTD_FORBIDDEN = "saml_dtd_forbidden";
    public static final String SAML_UNSIGNED = "saml_unsigned";
    public static final String SAML_SIGNATURE_INVALID = "saml_signature_invalid";
    public static final String SAML_AUDIENCE_INVALID = "saml_audience_invalid";
    public static final String SAML_DESTINATION_INVALID = "saml_destination_invalid";
    public static final String SAML_RECIPIENT_INVALID = "saml_recipient_invalid";
    public static final String SAML_ISSUER_INVALID = "saml_issuer_invalid";
    public static final String SAML_EXPIRED = "saml_expired";
    public static final String SAML_NOT_YET_VALID = "saml_not_yet_valid";
    public static final String SAML_IN_RESPONSE_TO_INVALID = "saml_in_response_to_invalid";
    public static final String SAML_REPLAYED = "saml_replayed";
    public static final String SAML_UNSOLICITED = "saml_unsolicited";
    public static final String SSO_FLOW_INVALID = "sso_flow_invalid";

    private final String code;

    public SsoFailure(String code) {
        super(code, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
