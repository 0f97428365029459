package dev.threshold.common.caller;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The claims of the bearer tokens identity-service issues (docs/tokens.md), by name, and how to
 * read them from a verified {@link JsonWebToken}: quarkus-oidc hands string claims over as
 * {@code jakarta.json.JsonString}, smallrye-jwt as {@code String}; both read the same here.
 */
public final class Claims {

    /** Audience of access tokens: My Account, admin APIs, every service. */
    public static final String ACCESS_AUDIENCE = "threshold";
    /** Audience of mfaTokens: a password login waiting for its second factor; mfa-service only. */
    public static final String MFA_AUDIENCE = "threshold-mfa";

    public static final String ORG = "org";
    public static final String REGION = "region";
    public static final String ROLES = "roles";
    public static final String EMAIL = "email";
    public static final String NAME = "name";
    /** How the person signed in ({@code pwd}, {@code sso}, {@code otp}, ...; {@code client} for API clients). */
    public static final String AMR = "amr";
    /** The session of a person's access token. */
    public static final String SESSION = "sid";
    public static final String TOKEN_ID = "jti";
    /** mfaToken: the login attempt it belongs to. */
    public static final String FLOW = "flow";
    /** mfaToken: {@link #ENROLL} or {@link #CHALLENGE}. */
    public static final String MFA_ACTION = "mfa_action";

    public static final String ENROLL = "enroll";
    public static final String CHALLENGE = "challenge";
    public static final String AMR_SSO = "sso";
    public static final String AMR_CLIENT = "client";
    /** An API client's subject is {@code client:<clientId>}. */
    public static final String API_CLIENT_SUBJECT_PREFIX = "client:";

    private Claims() {
    }

    /** A string claim; null when absent or empty. */
    public static String text(JsonWebToken token, String name) {
        Object value = token.getClaim(name);
        if (value == null) {
            return null;
        }
        String text = text(value);
        return text.isEmpty() ? null : text;
    }

    /** A UUID claim; null when absent or not a UUID. */
    public static UUID uuid(JsonWebToken token, String name) {
        String text = text(token, name);
        try {
            return text == null ? null : UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** An array claim's strings; empty when absent, a single string as a list of one. */
    public static List<String> texts(JsonWebToken token, String name) {
        Object value = token.getClaim(name);
        List<String> texts = new ArrayList<>();
        if (value instanceof Iterable<?> values) {
            for (Object item : values) {
                if (item != null) {
                    texts.add(text(item));
                }
            }
        } else if (value != null) {
            texts.add(text(value));
        }
        return List.copyOf(texts);
    }

    private static String text(Object value) {
        return value instanceof jakarta.json.JsonString json ? json.getString() : value.toString();
    }
}
