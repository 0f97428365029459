package dev.threshold.identity.sso.saml;

import dev.threshold.identity.sso.ClaimMapping;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A validated SAML assertion as the claims a provider's {@link ClaimMapping} reads, so that SAML
 * providers follow the same rules as OpenID Connect ones (docs/sso.md, "Claim mapping" and "SAML").
 * <ul>
 * <li>{@code emailClaim} at its default ({@code email}): the NameID when its format is
 * {@code emailAddress}, else the first of {@link SamlService#EMAIL_ATTRIBUTES}; another
 * {@code emailClaim} names the attribute that holds the address (its first value).</li>
 * <li>The address counts as verified ({@code email_verified}) only when it is the assertion's NameID
 * of format {@code emailAddress}; any other address needs the provider's {@code trustEmail} (and with
 * it, {@code allowedDomains}). An attribute the IdP itself calls {@code email_verified} or {@code hd}
 * is ignored.</li>
 * <li>{@code nameClaim} at its default ({@code name}): the first of {@link SamlService#NAME_ATTRIBUTES},
 * else given name and surname; another {@code nameClaim} names the attribute.</li>
 * </ul>
 */
public final class SamlClaims {

    static final String EMAIL_ADDRESS_FORMAT = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";

    private SamlClaims() {
    }

    public static Map<String, Object> of(ClaimMapping mapping, String nameId, String nameIdFormat,
            Map<String, List<String>> attributes) {
        Map<String, Object> claims = new HashMap<>();
        attributes.forEach((name, values) -> {
            String value = first(values);
            if (value != null) {
                claims.put(name, value);
            }
        });
        // only this class decides what is verified; a Google-style hosted domain means nothing here
        claims.remove("email_verified");
        claims.remove("hd");
        String fromNameId = EMAIL_ADDRESS_FORMAT.equals(nameIdFormat) ? ClaimMapping.address(nameId) : null;
        String email;
        if (ClaimMapping.DEFAULT_EMAIL_CLAIM.equals(mapping.emailClaim())) {
            email = fromNameId != null ? nameId.trim() : first(attributes, SamlService.EMAIL_ATTRIBUTES);
        } else {
            email = (String) claims.get(mapping.emailClaim());
        }
        if (email == null) {
            claims.remove(mapping.emailClaim());
        } else {
            claims.put(mapping.emailClaim(), email);
        }
        if (fromNameId != null && Objects.equals(fromNameId, ClaimMapping.address(email))) {
            claims.put("email_verified", true);
            // email_verified vouches for "email": the very address, whichever attribute it came from
            claims.put(ClaimMapping.DEFAULT_EMAIL_CLAIM, email);
        }
        if (ClaimMapping.DEFAULT_NAME_CLAIM.equals(mapping.nameClaim())) {
            String name = first(attributes, SamlService.NAME_ATTRIBUTES);
            if (name == null) {
                String given = first(attributes, SamlService.GIVEN_NAME_ATTRIBUTES);
                String surname = first(attributes, SamlService.SURNAME_ATTRIBUTES);
                name = given == null ? surname : surname == null ? given : given + " " + surname;
            }
            if (name == null) {
                claims.remove(ClaimMapping.DEFAULT_NAME_CLAIM);
            } else {
                claims.put(ClaimMapping.DEFAULT_NAME_CLAIM, name);
            }
        }
        return claims;
    }

    private static String first(Map<String, List<String>> attributes, List<String> names) {
        for (String name : names) {
            String value = first(attributes.get(name));
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String first(List<String> values) {
        if (values != null) {
            for (String value : values) {
                if (value != null && !value.isBlank()) {
                    return value.trim();
                }
            }
        }
        return null;
    }

}
