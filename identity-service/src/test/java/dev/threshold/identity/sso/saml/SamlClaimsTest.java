package dev.threshold.identity.sso.saml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.threshold.identity.sso.AssertedIdentity;
import dev.threshold.identity.sso.ClaimMapping;
import dev.threshold.identity.sso.SsoFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The claim mapping's rules on SAML assertions (docs/sso.md, "SAML": which address counts as verified). */
class SamlClaimsTest {

    private static final String EMAIL = SamlClaims.EMAIL_ADDRESS_FORMAT;
    private static final String PERSISTENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent";

    private static AssertedIdentity assertIdentity(ClaimMapping mapping, String nameId, String format,
            Map<String, List<String>> attributes) {
        return mapping.assertIdentity(SamlClaims.of(mapping, nameId, format, attributes));
    }

    private static String refusal(ClaimMapping mapping, String nameId, String format, Map<String, List<String>> attributes) {
        return catchThrowableOfType(SsoFailure.class, () -> assertIdentity(mapping, nameId, format, attributes)).code();
    }

    @Test
    void anEmailAddressNameIdIsVerified() {
        AssertedIdentity person = assertIdentity(ClaimMapping.defaults(), " Alice@Acme.test", EMAIL,
                Map.of("displayName", List.of("Alice Acme")));
        assertThat(person.email()).isEqualTo("alice@acme.test");
        assertThat(person.name()).isEqualTo("Alice Acme");
    }

    @Test
    void anAttributeAddressNeedsTrustEmail() {
        Map<String, List<String>> mail = Map.of("mail", List.of("bob@acme.test"), "givenName", List.of("Bob"),
                "sn", List.of("Acme"));
        assertThat(refusal(ClaimMapping.defaults(), "opaque", PERSISTENT, mail)).isEqualTo(SsoFailure.EMAIL_NOT_VERIFIED);
        ClaimMapping named = new ClaimMapping("mail", false, null, null, null);
        assertThat(refusal(named, "opaque", PERSISTENT, mail)).isEqualTo(SsoFailure.EMAIL_NOT_VERIFIED);
        // an IdP's own email_verified attribute means nothing
        assertThat(refusal(named, "opaque", PERSISTENT, Map.of("mail", List.of("bob@acme.test"),
                "email_verified", List.of("true")))).isEqualTo(SsoFailure.EMAIL_NOT_VERIFIED);
        // an emailAddress NameID that is another address does not vouch for the attribute
        assertThat(refusal(named, "other@acme.test", EMAIL, mail)).isEqualTo(SsoFailure.EMAIL_NOT_VERIFIED);
        // the same address as the emailAddress NameID does
        assertThat(assertIdentity(named, "BOB@acme.test", EMAIL, mail).email()).isEqualTo("bob@acme.test");

        ClaimMapping trusted = new ClaimMapping("mail", true, List.of("acme.test"), null, null);
        AssertedIdentity person = assertIdentity(trusted, "opaque", PERSISTENT, mail);
        assertThat(person.email()).isEqualTo("bob@acme.test");
        assertThat(person.name()).isEqualTo("Bob Acme");
        ClaimMapping trustedDefault = new ClaimMapping(null, true, List.of("acme.test"), null, null);
        assertThat(assertIdentity(trustedDefault, "opaque", PERSISTENT, mail).email()).isEqualTo("bob@acme.test");
    }

    @Test
    void allowedDomainsRefuseOtherAddressesEvenFromTheNameId() {
        ClaimMapping mapping = new ClaimMapping(null, false, List.of("acme.test"), null, null);
        assertThat(refusal(mapping, "eve@evil.test", EMAIL, Map.of())).isEqualTo(SsoFailure.DOMAIN_NOT_ALLOWED);
        assertThat(refusal(mapping, "eve@sub.acme.test", EMAIL, Map.of())).isEqualTo(SsoFailure.DOMAIN_NOT_ALLOWED);
        // a hosted-domain attribute is ignored for SAML
        assertThat(assertIdentity(mapping, "ann@acme.test", EMAIL, Map.of("hd", List.of("evil.test"))).email())
                .isEqualTo("ann@acme.test");
    }

    @Test
    void nameClaimNamesTheDisplayNameAttribute() {
        ClaimMapping mapping = new ClaimMapping(null, false, null, "urn:oid:2.5.4.3", null);
        AssertedIdentity person = assertIdentity(mapping, "cat@acme.test", EMAIL,
                Map.of("displayName", List.of("Not This"), "urn:oid:2.5.4.3", List.of("", "Cat Acme")));
        assertThat(person.name()).isEqualTo("Cat Acme");
        assertThat(assertIdentity(mapping, "cat@acme.test", EMAIL, Map.of("displayName", List.of("x"))).name()).isNull();
    }

    @Test
    void noAddressIsMissing() {
        assertThat(refusal(ClaimMapping.defaults(), "opaque", PERSISTENT, Map.of())).isEqualTo(SsoFailure.EMAIL_MISSING);
        assertThat(refusal(new ClaimMapping("mail", true, List.of("acme.test"), null, null), "x@acme.test", EMAIL,
                Map.of("email", List.of("x@acme.test")))).isEqualTo(SsoFailure.EMAIL_MISSING);
    }
}
