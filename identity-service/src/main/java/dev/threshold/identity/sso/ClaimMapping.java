package dev.threshold.identity.sso;

import dev.threshold.common.problem.CommonProblem;
import dev.threshold.common.problem.Problem;
import dev.threshold.common.problem.ProblemException;
import dev.threshold.identity.problem.IdentityProblem;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.IDN;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How one identity provider's assertion becomes a person: which claim (OIDC) or attribute (SAML)
 * holds the address, whether the provider's word that it is the person's address suffices, which
 * domains the provider may speak for, where the display name is, and the roles of people created
 * just in time. Protocol-neutral: it reads a plain map of claim or attribute names to values
 * (String, Boolean, a single-valued collection, or their jakarta.json forms) and answers an
 * {@link AssertedIdentity} or throws an {@link SsoFailure}. The rules (docs/sso.md, "Claim mapping"):
 * <ul>
 * <li>the address comes from {@link #emailClaim()} only; absent, not a string, or no address ->
 * {@code sso_email_missing};</li>
 * <li>with {@link #allowedDomains()}, an address whose domain is not one of them (case-insensitive,
 * exact: a subdomain only if listed itself) -> {@code sso_domain_not_allowed}, whoever it is; a
 * hosted-domain claim ({@code hd}, Google Workspace) must be one of them too;</li>
 * <li>without {@link #trustEmail()}, the address counts only with {@code email_verified: true},
 * which vouches for the {@code email} claim: with another {@link #emailClaim()} the address must
 * also equal that verified {@code email} -> else {@code sso_email_not_verified}.</li>
 * </ul>
 * A SAML assertion has no {@code email_verified}: the SAML side either puts one into the map when it
 * has reason to, or its providers need {@code trustEmail} (and with it, {@code allowedDomains}).
 */
public record ClaimMapping(String emailClaim, boolean trustEmail, List<String> allowedDomains, String nameClaim,
        List<String> jitRoles) {

    public static final String DEFAULT_EMAIL_CLAIM = "email";
    public static final String DEFAULT_NAME_CLAIM = "name";
    public static final List<String> DEFAULT_JIT_ROLES = List.of("user");
    public static final List<String> ROLES = List.of("user", "admin");
    public static final int MAX_DOMAINS = 50;
    /** Claim (OIDC) or attribute (SAML, often a URI or urn:oid:) names: letters, digits and _ . : / # - */
    public static final String CLAIM_NAME_PATTERN = "[A-Za-z0-9_.:/#-]{1,255}";

    static final String EMAIL = "email";
    static final String EMAIL_VERIFIED = "email_verified";
    static final String HOSTED_DOMAIN = "hd";
    static final String SUBJECT = "sub";
    private static final int MAX_NAME = 200;
    private static final int MAX_EMAIL = 254;
    private static final Pattern CLAIM_NAME = Pattern.compile(CLAIM_NAME_PATTERN);
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern NUMERIC = Pattern.compile("[0-9]+");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    /** Defaults for what is absent; the lists are copied (immutable). Not validated: see {@link #validated}. */
    public ClaimMapping {
        emailClaim = emailClaim == null || emailClaim.isBlank() ? DEFAULT_EMAIL_CLAIM : emailClaim;
        nameClaim = nameClaim == null || nameClaim.isBlank() ? DEFAULT_NAME_CLAIM : nameClaim;
        allowedDomains = allowedDomains == null ? List.of() : List.copyOf(allowedDomains);
        jitRoles = jitRoles == null || jitRoles.isEmpty() ? DEFAULT_JIT_ROLES : List.copyOf(jitRoles);
    }

    /** Only defaults: the address in {@code email}, verified by {@code email_verified}, any domain. */
    public static ClaimMapping defaults() {
        return new ClaimMapping(null, false, null, null, null);
    }

    /**
     * The mapping an admin asked for, validated and normalized (domains in lower case, ASCII form,
     * duplicates dropped), or {@code 400}: {@code validation_failed} with a pointer per bad field, or
     * {@code idp_allowed_domains_required} for {@code trustEmail: true} without domains. Null means
     * the default.
     */
    public static ClaimMapping validated(String emailClaim, Boolean trustEmail, List<String> allowedDomains,
            String nameClaim, List<String> jitRoles) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (emailClaim != null && !CLAIM_NAME.matcher(emailClaim).matches()) {
            errors.add(new Problem.FieldError("/emailClaim", "pattern", "A claim name uses letters, digits and _ . : / # -"));
        }
        if (nameClaim != null && !CLAIM_NAME.matcher(nameClaim).matches()) {
            errors.add(new Problem.FieldError("/nameClaim", "pattern", "A claim name uses letters, digits and _ . : / # -"));
        }
        List<String> domains = domains(allowedDomains, errors);
        List<String> roles = roles(jitRoles, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.withErrors(CommonProblem.VALIDATION_FAILED, errors);
        }
        boolean trust = Boolean.TRUE.equals(trustEmail);
        if (trust && domains.isEmpty()) {
            throw ProblemException.withErrors(IdentityProblem.IDP_ALLOWED_DOMAINS_REQUIRED, List.of(new Problem.FieldError(
                    "/allowedDomains", "required", "trustEmail: true needs the domains this provider may speak for.")));
        }
        return new ClaimMapping(emailClaim, trust, domains, nameClaim, roles);
    }

    /**
     * Whether these claims (of an OIDC ID token) are not enough to decide, so that the provider's
     * userinfo endpoint should be asked: the address is absent, or (without {@link #trustEmail()})
     * {@code email_verified} is, or the {@code email} it vouches for is.
     */
    public boolean needsMoreClaims(Map<String, ?> claims) {
        if (address(claims.get(emailClaim)) == null) {
            return true;
        }
        if (trustEmail) {
            return false;
        }
        return bool(claims.get(EMAIL_VERIFIED)) == null
                || !EMAIL.equals(emailClaim) && address(claims.get(EMAIL)) == null;
    }

    /** {@link #assertIdentity(Map, boolean)} without requiring a hosted-domain claim. */
    public AssertedIdentity assertIdentity(Map<String, ?> claims) {
        return assertIdentity(claims, false);
    }

    /**
     * The person these claims describe, or an {@link SsoFailure}: {@code sso_email_missing},
     * {@code sso_domain_not_allowed}, {@code sso_email_not_verified}, checked in that order.
     *
     * @param hostedDomainRequired the provider must name a hosted domain ({@code hd}) within the
     *        allowed domains (Google: only its Workspace accounts, not a consumer account that
     *        happens to use a company address); ignored without allowed domains
     */
    public AssertedIdentity assertIdentity(Map<String, ?> claims, boolean hostedDomainRequired) {
        String email = address(claims.get(emailClaim));
        if (email == null) {
            throw new SsoFailure(SsoFailure.EMAIL_MISSING);
        }
        if (!allowedDomains.isEmpty()) {
            if (!domainAllowed(email)) {
                throw new SsoFailure(SsoFailure.DOMAIN_NOT_ALLOWED);
            }
            Object hd = claims.get(HOSTED_DOMAIN);
            if (hd != null || hostedDomainRequired) {
                String hosted = domain(text(hd));
                if (hosted == null || !allowedDomains.contains(hosted)) {
                    throw new SsoFailure(SsoFailure.DOMAIN_NOT_ALLOWED);
                }
            }
        }
        if (!trustEmail && !verified(email, claims)) {
            throw new SsoFailure(SsoFailure.EMAIL_NOT_VERIFIED);
        }
        return new AssertedIdentity(email, true, name(claims.get(nameClaim)));
    }

    /** Whether the address's domain is one of {@link #allowedDomains()} (any address without them). */
    public boolean domainAllowed(String email) {
        if (allowedDomains.isEmpty()) {
            return true;
        }
        int at = email == null ? -1 : email.lastIndexOf('@');
        String domain = at < 0 ? null : domain(email.substring(at + 1));
        return domain != null && allowedDomains.contains(domain);
    }

    private boolean verified(String email, Map<String, ?> claims) {
        if (!Boolean.TRUE.equals(bool(claims.get(EMAIL_VERIFIED)))) {
            return false;
        }
        // email_verified is about the email claim: another claim's address must be that very address
        return EMAIL.equals(emailClaim) || email.equals(address(claims.get(EMAIL)));
    }

    /**
     * A domain name as admins type it, normalized: trimmed, one trailing dot dropped, ASCII
     * (punycode) form, lower case; two or more labels of letters, digits and hyphens, not all
     * digits at the end (no IP addresses). Null for anything else: {@code @}, wildcards, paths,
     * ports, blanks.
     */
    public static String domain(String raw) {
        if (raw == null) {
            return null;
        }
        String value = raw.trim();
        if (value.endsWith(".")) {
            value = value.substring(0, value.length() - 1);
        }
        if (value.isEmpty() || value.length() > 253) {
            return null;
        }
        String ascii;
        try {
            ascii = IDN.toASCII(value, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
        String[] labels = ascii.split("\\.", -1);
        if (labels.length < 2 || ascii.length() > 253 || NUMERIC.matcher(labels[labels.length - 1]).matches()) {
            return null;
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return null;
            }
        }
        return ascii;
    }

    /** A usable address (trimmed, lower case, exactly one {@code @}, no spaces) from a claim value, or null. */
    public static String address(Object claim) {
        String value = text(claim);
        if (value == null) {
            return null;
        }
        String email = value.trim().toLowerCase(Locale.ROOT);
        if (email.endsWith(".")) {
            // the same domain as without its root dot
            email = email.substring(0, email.length() - 1);
        }
        int at = email.indexOf('@');
        if (email.length() > MAX_EMAIL || at <= 0 || at == email.length() - 1 || email.indexOf('@', at + 1) >= 0
                || email.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            return null;
        }
        return email;
    }

    /**
     * A claim's text: a string, or the only element of a single-valued collection (SAML
     * attributes are lists); null for anything else (numbers, booleans, objects, several values).
     */
    static String text(Object claim) {
        Object value = claim;
        if (value instanceof Collection<?> values) {
            if (values.size() != 1) {
                return null;
            }
            value = values.iterator().next();
        }
        if (value instanceof JsonString json) {
            return json.getString();
        }
        return value instanceof String s ? s : null;
    }

    /**
     * A boolean claim: JSON {@code true}/{@code false}, or the strings {@code "true"}/{@code "false"}
     * (some providers send booleans as strings); null when absent or anything else.
     */
    static Boolean bool(Object claim) {
        if (claim instanceof Boolean b) {
            return b;
        }
        if (claim instanceof JsonValue json && json.getValueType() == JsonValue.ValueType.TRUE) {
            return Boolean.TRUE;
        }
        if (claim instanceof JsonValue json && json.getValueType() == JsonValue.ValueType.FALSE) {
            return Boolean.FALSE;
        }
        String text = text(claim);
        if ("true".equalsIgnoreCase(text)) {
            return Boolean.TRUE;
        }
        return "false".equalsIgnoreCase(text) ? Boolean.FALSE : null;
    }

    private static String name(Object claim) {
        String value = text(claim);
        if (value == null) {
            return null;
        }
        String name = CONTROL.matcher(value).replaceAll(" ").trim();
        if (name.isEmpty()) {
            return null;
        }
        return name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
    }

    private static List<String> domains(List<String> raw, List<Problem.FieldError> errors) {
        if (raw == null) {
            return List.of();
        }
        if (raw.size() > MAX_DOMAINS) {
            errors.add(new Problem.FieldError("/allowedDomains", "size", "At most " + MAX_DOMAINS + " domains."));
            return List.of();
        }
        Set<String> domains = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String domain = domain(raw.get(i));
            if (domain == null) {
                errors.add(new Problem.FieldError("/allowedDomains/" + i, "domain",
                        "Use a domain name such as acme.com: no @, no wildcard; list each subdomain itself."));
            } else {
                domains.add(domain);
            }
        }
        return List.copyOf(domains);
    }

    private static List<String> roles(List<String> raw, List<Problem.FieldError> errors) {
        if (raw == null) {
            return DEFAULT_JIT_ROLES;
        }
        if (raw.isEmpty()) {
            errors.add(new Problem.FieldError("/jitRoles", "size", "Give at least one role."));
            return DEFAULT_JIT_ROLES;
        }
        Set<String> roles = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String role = raw.get(i);
            if (role == null || !ROLES.contains(role)) {
                errors.add(new Problem.FieldError("/jitRoles/" + i, "enum", "Use \"user\" or \"admin\"."));
            } else {
                roles.add(role);
            }
        }
        return List.copyOf(roles);
    }
}
