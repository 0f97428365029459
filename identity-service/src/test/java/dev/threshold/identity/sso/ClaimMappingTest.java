package dev.threshold.identity.sso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.threshold.common.problem.Problem;
import dev.threshold.common.problem.ProblemException;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The protocol-neutral rules that turn a provider's claims or attributes into a person (no Quarkus). */
class ClaimMappingTest {

    private static final ClaimMapping DEFAULTS = ClaimMapping.defaults();

    private static ClaimMapping entra(String... domains) {
        return ClaimMapping.validated("upn", true, List.of(domains), null, null);
    }

    private static Map<String, Object> claims(Object... pairs) {
        Map<String, Object> claims = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            claims.put((String) pairs[i], pairs[i + 1]);
        }
        return claims;
    }

    private static String failure(ClaimMapping mapping, Map<String, Object> claims) {
        return catchThrowableOfType(SsoFailure.class, () -> mapping.assertIdentity(claims)).code();
    }

    @Test
    void theDefaultTakesAVerifiedEmailTrimmedInLowerCase() {
        AssertedIdentity person = DEFAULTS.assertIdentity(claims("email", "  Alice@Acme.Test ", "email_verified", true,
                "name", "Alice Acme"));

        assertThat(person).isEqualTo(new AssertedIdentity("alice@acme.test", true, "Alice Acme"));
        assertThat(DEFAULTS.emailClaim()).isEqualTo("email");
        assertThat(DEFAULTS.trustEmail()).isFalse();
        assertThat(DEFAULTS.allowedDomains()).isEmpty();
        assertThat(DEFAULTS.nameClaim()).isEqualTo("name");
        assertThat(DEFAULTS.jitRoles()).containsExactly("user");
    }

    @Test
    void readsJsonValuesAndSingleValuedAttributes() {
        assertThat(DEFAULTS.assertIdentity(claims("email", Json.createValue("a@acme.test"), "email_verified", JsonValue.TRUE))
                .email()).isEqualTo("a@acme.test");
        // SAML attributes are lists; one value is the value
        assertThat(DEFAULTS.assertIdentity(claims("email", List.of("b@acme.test"), "email_verified", List.of("true")))
                .email()).isEqualTo("b@acme.test");
        // some providers send booleans as strings
        assertThat(DEFAULTS.assertIdentity(claims("email", "c@acme.test", "email_verified", "TRUE")).email())
                .isEqualTo("c@acme.test");
    }

    @Test
    void anAbsentNonStringOrUnusableAddressIsMissing() {
        List<Object> unusable = new ArrayList<>(List.of("", "   ", "alice", "@acme.test", "alice@", "al ice@acme.test",
                "a@evil.test@acme.test", "a\n@acme.test", 42, true, Map.of("value", "a@acme.test"),
                List.of("a@acme.test", "b@acme.test"), List.of(), JsonValue.NULL, Json.createValue(7),
                "x".repeat(250) + "@acme.test"));
        for (Object value : unusable) {
            assertThat(failure(DEFAULTS, claims("email", value, "email_verified", true))).as("%s", value)
                    .isEqualTo(SsoFailure.EMAIL_MISSING);
        }
        assertThat(failure(DEFAULTS, claims("email_verified", true))).isEqualTo(SsoFailure.EMAIL_MISSING);
        // the configured claim only: an email elsewhere does not count
        assertThat(failure(entra("acme.test"), claims("email", "a@acme.test", "email_verified", true)))
                .isEqualTo(SsoFailure.EMAIL_MISSING);
    }

    @Test
    void withoutTrustEmailOnlyAVerifiedEmailCounts() {
        for (Object flag : new Object[] {null, false, "false", "yes", 1, JsonValue.FALSE, List.of(true, true)}) {
            assertThat(failure(DEFAULTS, claims("email", "a@acme.test", "email_verified", flag))).as("%s", flag)
                    .isEqualTo(SsoFailure.EMAIL_NOT_VERIFIED);
        }
        ClaimMapping trusting = ClaimMapping.validated(null, true, List.of("acme.test"), null, null);
        assertThat(trusting.assertIdentity(claims("email", "a@acme.test")).emailVerified()).isTrue();
        assertThat(trusting.assertIdentity(claims("email", "a@acme.test", "email_verified", false)).email())
                .isEqualTo("a@acme.test");
    }

    @Test
    void emailVerifiedVouchesOnlyForTheEmailClaimItself() {
        ClaimMapping upn = ClaimMapping.validated("upn", false, null, null, null);

        assertThat(failure(upn, claims("upn", "a@acme.test", "email_verified", true))).isEqualTo(SsoFailure.EMAIL_NOT_VERIFIED);
        assertThat(failure(upn, claims("upn", "a@acme.test", "email", "other@acme.test", "email_verified", true)))
                .isEqualTo(SsoFailure.EMAIL_NOT_VERIFIED);
        assertThat(upn.assertIdentity(claims("upn", "A@acme.test", "email", "a@ACME.test", "email_verified", true)).email())
                .isEqualTo("a@acme.test");
    }

    @Test
    void allowedDomainsMatchWithoutRegardToCaseButNeverASubdomainThatIsNotListed() {
        ClaimMapping mapping = entra("Acme.Test");

        assertThat(mapping.allowedDomains()).containsExactly("acme.test");
        assertThat(mapping.assertIdentity(claims("upn", "Erin@ACME.test")).email()).isEqualTo("erin@acme.test");
        for (String outside : List.of("a@eu.acme.test", "a@evilacme.test", "a@acme.test.evil.test", "a@acme.tes",
                "a@gmail.test", "a@acme", "a@[127.0.0.1]")) {
            assertThat(failure(mapping, claims("upn", outside))).as(outside).isEqualTo(SsoFailure.DOMAIN_NOT_ALLOWED);
        }
        ClaimMapping withSub = entra("eu.acme.test");
        assertThat(withSub.assertIdentity(claims("upn", "a@EU.acme.test")).email()).isEqualTo("a@eu.acme.test");
        assertThat(failure(withSub, claims("upn", "a@acme.test"))).isEqualTo(SsoFailure.DOMAIN_NOT_ALLOWED);
        // a trailing dot is the same domain
        assertThat(mapping.assertIdentity(claims("upn", "a@acme.test.")).email()).isEqualTo("a@acme.test");
    }

    @Test
    void anAddressOutsideTheDomainsIsRefusedBeforeItsVerificationIsLookedAt() {
        ClaimMapping strict = ClaimMapping.validated(null, false, List.of("acme.test"), null, null);

        assertThat(failure(strict, claims("email", "a@gmail.test"))).isEqualTo(SsoFailure.DOMAIN_NOT_ALLOWED);
        assertThat(failure(strict, claims("email", "a@gmail.test", "email_verified", true)))
                .isEqualTo(SsoFailure.DOMAIN_NOT_ALLOWED);
        assertThat(failure(strict, claims("email", "a@acme.test"))).isEqualTo(SsoFailure.EMAIL_NOT_VERIFIED);
    }

    @Test
    void internationalizedDomainsMatchInEitherForm() {
        ClaimMapping mapping = entra("Bücher.example");

        assertThat(mapping.allowedDomains()).containsExactly("xn--bcher-kva.example");
        assertThat(mapping.assertIdentity(claims("upn", "a@BÜCHER.example")).email()).isEqualTo("a@bücher.example");
        assertThat(mapping.assertIdentity(claims("upn", "a@xn--bcher-kva.example")).email()).isEqualTo("a@xn--bcher-kva.example");
    }

    @Test
    void aHostedDomainMustBeAllowedAndIsRequiredWhereTheProviderSaysSo() {
        ClaimMapping google = ClaimMapping.validated(null, false, List.of("acme.test", "acme-alias.test"), null, null);
        Map<String, Object> workspace = claims("email", "a@acme.test", "email_verified", true, "hd", "ACME.test");
        Map<String, Object> consumer = claims("email", "a@acme.test", "email_verified", true);

        assertThat(google.assertIdentity(workspace, true).email()).isEqualTo("a@acme.test");
        assertThat(google.assertIdentity(consumer, false).email()).isEqualTo("a@acme.test");
        assertThatThrownBy(() -> google.assertIdentity(consumer, true)).isInstanceOf(SsoFailure.class)
                .extracting(f -> ((SsoFailure) f).code()).isEqualTo(SsoFailure.DOMAIN_NOT_ALLOWED);
        Map<String, Object> otherWorkspace = claims("email", "a@acme.test", "email_verified", true, "hd", "other.test");
        assertThat(failure(google, otherWorkspace)).isEqualTo(SsoFailure.DOMAIN_NOT_ALLOWED);
        // without allowed domains, hd decides nothing
        assertThat(DEFAULTS.assertIdentity(otherWorkspace, true).email()).isEqualTo("a@acme.test");
    }

    @Test
    void theNameComesFromTheNameClaimWithoutControlCharactersAndNotTooLong() {
        ClaimMapping mapping = ClaimMapping.validated(null, false, null, "displayName", null);
        Map<String, Object> base = claims("email", "a@acme.test", "email_verified", true, "name", "Ignored");

        base.put("displayName", " Ada\u0000 Lovelace\n");
        assertThat(mapping.assertIdentity(base).name()).isEqualTo("Ada  Lovelace");
        base.put("displayName", "n".repeat(500));
        assertThat(mapping.assertIdentity(base).name()).hasSize(200);
        base.put("displayName", 12);
        assertThat(mapping.assertIdentity(base).name()).isNull();
        base.remove("displayName");
        assertThat(mapping.assertIdentity(base).name()).isNull();
    }

    @Test
    void refusesBadDomainsNamingEachOne() {
        List<String> bad = List.of("", "  ", "*.acme.test", "alice@acme.test", "@acme.test", "acme", "10.0.0.1",
                "acme.test/x", "acme.test:443", "-acme.test", ".acme.test", "acme..test", "https://acme.test",
                "acme_corp.test", "a".repeat(64) + ".test");
        List<String> domains = new ArrayList<>(List.of("acme.test"));
        domains.addAll(bad);

        ProblemException problem = catchThrowableOfType(ProblemException.class,
                () -> ClaimMapping.validated(null, false, domains, null, null));

        assertThat(problem.problem().code()).isEqualTo("validation_failed");
        List<String> pointers = problem.errors().stream().map(Problem.FieldError::pointer).toList();
        for (int i = 0; i < bad.size(); i++) {
            assertThat(pointers).as(bad.get(i)).contains("/allowedDomains/" + (i + 1));
        }
        assertThat(pointers).doesNotContain("/allowedDomains/0");
        assertThat(problem.errors()).allMatch(error -> error.code().equals("domain"));
    }

    @Test
    void normalizesAndDeduplicatesGoodDomainsAndLimitsTheirNumber() {
        assertThat(ClaimMapping.validated(null, false, List.of(" ACME.test ", "acme.test.", "eu.acme.test", "xn--bcher-kva.example"),
                null, null).allowedDomains()).containsExactly("acme.test", "eu.acme.test", "xn--bcher-kva.example");
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= ClaimMapping.MAX_DOMAINS; i++) {
            many.add("d" + i + ".acme.test");
        }
        ProblemException problem = catchThrowableOfType(ProblemException.class,
                () -> ClaimMapping.validated(null, false, many, null, null));
        assertThat(problem.errors()).extracting(Problem.FieldError::pointer).containsExactly("/allowedDomains");
    }

    @Test
    void trustEmailNeedsAllowedDomains() {
        for (List<String> none : java.util.Arrays.asList(null, List.<String>of())) {
            ProblemException problem = catchThrowableOfType(ProblemException.class,
                    () -> ClaimMapping.validated("upn", true, none, null, null));
            assertThat(problem.problem().code()).isEqualTo("idp_allowed_domains_required");
            assertThat(problem.problem().status()).isEqualTo(400);
            assertThat(problem.errors()).extracting(Problem.FieldError::pointer).containsExactly("/allowedDomains");
        }
        assertThat(ClaimMapping.validated("upn", false, null, null, null).trustEmail()).isFalse();
    }

    @Test
    void validatesClaimNamesAndJustInTimeRoles() {
        assertThat(ClaimMapping.validated("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress", null, null,
                "urn:oid:2.16.840.1.113730.3.1.241", List.of("user", "admin", "user")).jitRoles())
                .containsExactly("user", "admin");
        assertPointers(() -> ClaimMapping.validated("has space", null, null, "bad\"name", null), "/emailClaim", "/nameClaim");
        assertPointers(() -> ClaimMapping.validated(null, null, null, null, List.of("user", "root")), "/jitRoles/1");
        assertPointers(() -> ClaimMapping.validated(null, null, null, null, List.of()), "/jitRoles");
        assertPointers(() -> ClaimMapping.validated(null, null, null, null, java.util.Arrays.asList((String) null)),
                "/jitRoles/0");
    }

    @Test
    void asksForMoreClaimsOnlyWhereTheIdTokenDoesNotSettleIt() {
        assertThat(DEFAULTS.needsMoreClaims(claims("sub", "1"))).isTrue();
        assertThat(DEFAULTS.needsMoreClaims(claims("email", "a@acme.test"))).isTrue();
        assertThat(DEFAULTS.needsMoreClaims(claims("email", "a@acme.test", "email_verified", false))).isFalse();
        assertThat(DEFAULTS.needsMoreClaims(claims("email", "a@acme.test", "email_verified", true))).isFalse();
        ClaimMapping trusting = entra("acme.test");
        assertThat(trusting.needsMoreClaims(claims("upn", "a@acme.test"))).isFalse();
        assertThat(trusting.needsMoreClaims(claims("email", "a@acme.test"))).isTrue();
        ClaimMapping upn = ClaimMapping.validated("upn", false, null, null, null);
        assertThat(upn.needsMoreClaims(claims("upn", "a@acme.test", "email_verified", true))).isTrue();
        assertThat(upn.needsMoreClaims(claims("upn", "a@acme.test", "email", "a@acme.test", "email_verified", true))).isFalse();
    }

    private static void assertPointers(Runnable call, String... pointers) {
        ProblemException problem = catchThrowableOfType(ProblemException.class, call::run);
        assertThat(problem).as("a validation problem").isNotNull();
        assertThat(problem.problem().code()).isEqualTo("validation_failed");
        assertThat(problem.errors()).extracting(Problem.FieldError::pointer).containsExactly(pointers);
    }
}
