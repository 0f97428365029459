package dev.threshold.identity.sso.saml;

import com.onelogin.saml2.authn.AuthnRequest;
import com.onelogin.saml2.authn.AuthnRequestParams;
import com.onelogin.saml2.exception.ValidationError;
import com.onelogin.saml2.settings.Metadata;
import com.onelogin.saml2.settings.Saml2Settings;
import com.onelogin.saml2.util.Constants;
import com.onelogin.saml2.util.Util;
import dev.threshold.common.problem.ProblemException;
import dev.threshold.identity.login.LoginOutcome;
import dev.threshold.identity.problem.IdentityProblem;
import dev.threshold.identity.sso.IdentityProvider;
import dev.threshold.identity.sso.IdentityProviderRepository;
import dev.threshold.identity.sso.ReturnTo;
import dev.threshold.identity.sso.SsoConfig;
import dev.threshold.identity.sso.SsoFailure;
import dev.threshold.identity.sso.AssertedIdentity;
import dev.threshold.identity.sso.SsoLoginService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Threshold as a SAML 2.0 service provider (docs/sso.md, "SAML"), one per identity provider:
 * <ol>
 * <li>{@link #start}: a signed AuthnRequest by HTTP-Redirect; its id is stored (with {@code returnTo})
 * until the flow times out;</li>
 * <li>{@link #acs}: the IdP's response by HTTP-POST, validated by java-saml (signature through Apache
 * Santuario, strict mode) and then more strictly here: clock skew at most 10 s, an audience that names
 * us, an {@code InResponseTo} of ours (used once) or an unsolicited response only where the provider
 * allows IdP-initiated sign-in, an assertion id never seen before (stored until it expires). A valid
 * response becomes a one-time code, good for a minute;</li>
 * <li>{@link #finish}: the browser's same-site hop with that code (it carries our SameSite=Lax binding
 * cookie, which the IdP's cross-site POST could not): the person goes through the very same matching,
 * invitation, just-in-time and session code as OpenID Connect ({@link SsoLoginService}).</li>
 * </ol>
 */
@ApplicationScoped
public class SamlService {

    private static final Logger LOG = Logger.getLogger(SamlService.class);

    /** Largest clock difference with an IdP that we tolerate. */
    public static final Duration SKEW = Duration.ofSeconds(10);
    static final Duration COMPLETION_TTL = Duration.ofMinutes(1);
    static final int MAX_RESPONSE_CHARS = 1_000_000;
    static final String NS_SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol";
    static final String NS_SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
    /** Where an email may be found when the provider names no attribute (after an emailAddress NameID). */
    static final List<String> EMAIL_ATTRIBUTES = List.of("email", "mail", "emailAddress", "Email",
            "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress", "urn:oid:0.9.2342.19200300.100.1.3");
    static final List<String> NAME_ATTRIBUTES = List.of("displayName", "name", "cn",
            "urn:oid:2.16.840.1.113730.3.1.241", "http://schemas.microsoft.com/identity/claims/displayname");
    static final List<String> GIVEN_NAME_ATTRIBUTES = List.of("givenName", "firstName", "first_name",
            "urn:oid:2.5.4.42", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname");
    static final List<String> SURNAME_ATTRIBUTES = List.of("sn", "surname", "lastName", "last_name",
            "urn:oid:2.5.4.4", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname");

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Where the browser goes next. */
    public sealed interface Outcome permits Redirect, Refused {
    }

    /** On to {@code location} (the IdP, or our finish step); {@code requestId} binds the browser at start. */
    public record Redirect(String location, String requestId) implements Outcome {
    }

    /** Back to {@code returnTo?error=<code>}, no session. */
    public record Refused(String returnTo, String code) implements Outcome {
    }

    /** A finished sign-in: the session to set, and where to go. */
    public record SignedIn(LoginOutcome outcome, String returnTo) {
    }

    private record Loaded(IdentityProvider idp, SamlProvider saml) {
    }

    private record Request(String id, String returnTo) {
    }

    private record Accepted(String assertionId, Instant keepUntil, String email, String name) {
    }

    private final IdentityProviderRepository providers;
    private final SamlProviderRepository samlProviders;
    private final SamlSettings settings;
    private final SamlUrls urls;
    private final SpKeys keys;
    private final SsoConfig config;
    private final ReturnTo returnTos;
    private final SsoLoginService logins;
    private final SamlStateRepository state;
    private final Clock clock;
    private final String idpInitiatedPath;

    public SamlService(IdentityProviderRepository providers, SamlProviderRepository samlProviders, SamlSettings settings,
            SamlUrls urls, SpKeys keys, SsoConfig config, ReturnTo returnTos, SsoLoginService logins,
            SamlStateRepository state, Clock clock, SamlConfig samlConfig) {
        this.providers = providers;
        this.samlProviders = samlProviders;
        this.settings = settings;
        this.urls = urls;
        this.keys = keys;
        this.config = config;
        this.returnTos = returnTos;
        this.logins = logins;
        this.state = state;
        this.clock = clock;
        this.idpInitiatedPath = samlConfig.idpInitiatedPath();
    }

    // ---- SP metadata ----

    /** Our metadata for the provider's admin to give to the IdP; {@code identity_provider_not_found} if not SAML. */
    public Uni<String> metadata(UUID idpId, String base) {
        return load(idpId).map(loaded -> {
            if (loaded == null) {
                throw new ProblemException(IdentityProblem.IDENTITY_PROVIDER_NOT_FOUND);
            }
            Saml2Settings forMetadata = settings.forMetadata(loaded.idp(), loaded.saml(), urls.sp(base, idpId));
            try {
                // no validUntil (it would make IdPs that import by URL drop us after it); refetch daily
                return new Metadata(forMetadata, null, 86_400).getMetadataString();
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    // ---- start: AuthnRequest by HTTP-Redirect ----

    /** The signed redirect to the IdP, or a refusal; {@code returnTo} was checked against the allow-list. */
    public Uni<Outcome> start(UUID idpId, String returnTo, String base) {
        return load(idpId).chain(loaded -> {
            if (loaded == null) {
                return Uni.createFrom().<Outcome>item(new Refused(returnTo, SsoFailure.IDP_NOT_FOUND));
            }
            Saml2Settings saml2 = settings.of(loaded.idp(), loaded.saml(), urls.sp(base, idpId));
            AuthnRequest request = new AuthnRequest(saml2, new AuthnRequestParams(false, false, true, true));
            String location;
            try {
                String query = "SAMLRequest=" + Util.urlEncoder(request.getEncodedAuthnRequest(true))
                        + "&SigAlg=" + Util.urlEncoder(Constants.RSA_SHA256);
                PrivateKey key = keys.privateKey(loaded.saml());
                String signature = Util.base64encoder(Util.sign(query, key, Constants.RSA_SHA256));
                String sso = loaded.saml().ssoUrl;
                location = sso + (sso.contains("?") ? "&" : "?") + query + "&Signature=" + Util.urlEncoder(signature);
            } catch (Exception e) {
                throw new IllegalStateException("cannot build the AuthnRequest", e);
            }
            String id = request.getId();
            return state.saveRequest(id, idpId, returnTo, clock.instant().plus(config.flowTimeout()))
                    .map(ignored -> (Outcome) new Redirect(location, id));
        });
    }

    // ---- assertion consumer service (HTTP-POST) ----

    /**
     * Validates the IdP's response. Success: a redirect to {@code finish?code=...} (relative to the
     * ACS URL); failure: a refusal back to the flow's {@code returnTo} (or, for an unsolicited
     * response, to the landing page of IdP-initiated sign-in).
     */
    public Uni<Outcome> acs(UUID idpId, String samlResponse, String relayState, String base) {
        String landing = landing();
        if (samlResponse == null || samlResponse.isBlank() || samlResponse.length() > MAX_RESPONSE_CHARS) {
            return refused(idpId, landing, SsoFailure.SAML_RESPONSE_INVALID, "no or oversized SAMLResponse");
        }
        Document untrusted;
        String xml;
        try {
            xml = new String(Base64.getMimeDecoder().decode(samlResponse.trim()), StandardCharsets.UTF_8);
            untrusted = SamlXml.parse(xml);
        } catch (IllegalArgumentException | SamlXml.Malformed e) {
            return refused(idpId, landing, SsoFailure.SAML_RESPONSE_INVALID, "not base64 of well-formed XML");
        } catch (SamlXml.DtdForbidden e) {
            return refused(idpId, landing, SsoFailure.SAML_DTD_FORBIDDEN, "document type declaration");
        }
        Element root = untrusted.getDocumentElement();
        if (!NS_SAMLP.equals(root.getNamespaceURI()) || !"Response".equals(root.getLocalName())) {
            return refused(idpId, landing, SsoFailure.SAML_RESPONSE_INVALID, "not a samlp:Response");
        }
        // read from the unsigned document only to find our request; java-saml checks it against the signed one
        String inResponseTo = root.hasAttribute("InResponseTo") ? root.getAttribute("InResponseTo") : null;
        int assertions = untrusted.getElementsByTagNameNS(NS_SAML, "Assertion").getLength()
                + untrusted.getElementsByTagNameNS(NS_SAML, "EncryptedAssertion").getLength();
        return load(idpId).chain(loaded -> {
            if (loaded == null) {
                return refused(idpId, landing, SsoFailure.IDP_NOT_FOUND, "no such SAML provider");
            }
            Uni<Request> flow = inResponseTo == null || inResponseTo.isEmpty()
                    ? Uni.createFrom().item(new Request(null, relayState != null && returnTos.allowed(relayState) ? relayState : landing))
                    : request(idpId, inResponseTo);
            return flow.chain(request -> {
                if (request == null) {
                    return refused(idpId, landing, SsoFailure.SAML_IN_RESPONSE_TO_INVALID, "InResponseTo not ours");
                }
                if (request.id() == null && !loaded.saml().allowIdpInitiated) {
                    return refused(idpId, request.returnTo(), SsoFailure.SAML_UNSOLICITED,
                            "IdP-initiated sign-in is off for this provider");
                }
                SamlUrls.Sp sp = urls.sp(base, idpId);
                return blocking(() -> validate(loaded, sp, samlResponse, untrusted, request.id(), assertions))
                        .chain(result -> result instanceof Accepted accepted
                                ? complete(idpId, request, accepted)
                                : refused(idpId, request.returnTo(), ((SsoFailure) result).code(), "invalid response"));
            });
        });
    }

    /** java-saml's validation (with our schema check), then ours; an {@link Accepted} or the {@link SsoFailure} to answer. */
    private Object validate(Loaded loaded, SamlUrls.Sp sp, String samlResponse, Document untrusted, String requestId,
            int assertions) {
        Saml2Settings saml2 = settings.of(loaded.idp(), loaded.saml(), sp);
        CheckedResponse response;
        try {
            response = new CheckedResponse(saml2, sp.acsUrl(), samlResponse.trim(), untrusted);
        } catch (Exception e) {
            LOG.infof("SAML response for %s unreadable: %s", loaded.idp().id, e.getClass().getSimpleName());
            return new SsoFailure(SsoFailure.SAML_RESPONSE_INVALID);
        }
        if (!response.isValid(requestId)) {
            Exception why = response.getValidationException();
            String code = codeOf(why, assertions);
            LOG.infof("SAML response for %s refused (%s): %s", loaded.idp().id, code,
                    why == null ? "?" : why.getMessage() == null ? why.getClass().getSimpleName()
                            : why.getMessage().substring(0, Math.min(200, why.getMessage().length())));
            return new SsoFailure(code);
        }
        try {
            return accepted(loaded, sp, response);
        } catch (SsoFailure failure) {
            LOG.infof("SAML response for %s refused (%s)", loaded.idp().id, failure.code());
            return failure;
        } catch (Exception e) {
            LOG.infof("SAML response for %s unreadable after validation: %s", loaded.idp().id, e.toString());
            return new SsoFailure(SsoFailure.SAML_RESPONSE_INVALID);
        }
    }

    /** Our own checks on the signed assertion, and what it says about the person. */
    private Accepted accepted(Loaded loaded, SamlUrls.Sp sp, CheckedResponse response) throws Exception {
        // java-saml accepts an assertion without audience and allows 3 minutes of clock drift: we do neither
        List<String> audiences = response.getAudiences();
        if (audiences.isEmpty() || !audiences.contains(sp.entityId())) {
            throw new SsoFailure(SsoFailure.SAML_AUDIENCE_INVALID);
        }
        Instant now = clock.instant();
        Instant keepUntil = null;
        NodeList conditions = response.signedAssertion("/saml:Conditions");
        NodeList confirmations = response.signedAssertion(
                "/saml:Subject/saml:SubjectConfirmation/saml:SubjectConfirmationData");
        NodeList statements = response.signedAssertion("/saml:AuthnStatement");
        for (NodeList list : List.of(conditions, confirmations)) {
            for (int i = 0; i < list.getLength(); i++) {
                Element element = (Element) list.item(i);
                Instant notBefore = time(element, "NotBefore");
                Instant notOnOrAfter = time(element, "NotOnOrAfter");
                if (notBefore != null && notBefore.minus(SKEW).isAfter(now)) {
                    throw new SsoFailure(SsoFailure.SAML_NOT_YET_VALID);
                }
                if (notOnOrAfter != null) {
                    if (!notOnOrAfter.plus(SKEW).isAfter(now)) {
                        throw new SsoFailure(SsoFailure.SAML_EXPIRED);
                    }
                    keepUntil = keepUntil == null || notOnOrAfter.isAfter(keepUntil) ? notOnOrAfter : keepUntil;
                }
            }
        }
        for (int i = 0; i < statements.getLength(); i++) {
            Instant sessionEnd = time((Element) statements.item(i), "SessionNotOnOrAfter");
            if (sessionEnd != null && !sessionEnd.plus(SKEW).isAfter(now)) {
                throw new SsoFailure(SsoFailure.SAML_EXPIRED);
            }
        }
        String assertionId = response.getAssertionId();
        if (assertionId == null || assertionId.isBlank() || assertionId.length() > 256) {
            throw new SsoFailure(SsoFailure.SAML_RESPONSE_INVALID);
        }
        // the provider's claim mapping, as for OIDC: address, domains, verified, display name
        AssertedIdentity person = loaded.idp().claimMapping().assertIdentity(SamlClaims.of(loaded.idp().claimMapping(),
                response.getNameId(), response.getNameIdFormat(), response.getAttributes()));
        return new Accepted(assertionId, (keepUntil == null ? now.plus(Duration.ofHours(1)) : keepUntil).plus(SKEW),
                person.email(), person.name());
    }

    /** The request is used up, the assertion id recorded (a second time: replay), and a one-time code issued. */
    private Uni<Outcome> complete(UUID idpId, Request request, Accepted accepted) {
        byte[] code = new byte[32];
        RANDOM.nextBytes(code);
        String codeText = Base64.getUrlEncoder().withoutPadding().encodeToString(code);
        Instant now = clock.instant();
        return state.complete(idpId, request.id(), request.returnTo(), accepted.assertionId(), accepted.keepUntil(),
                        sha256(codeText), accepted.email(), accepted.name(), now, now.plus(COMPLETION_TTL))
                .map(completion -> switch (completion) {
                    case REQUEST_USED -> (Outcome) new Refused(request.returnTo(), SsoFailure.SAML_IN_RESPONSE_TO_INVALID);
                    case REPLAYED -> (Outcome) new Refused(request.returnTo(), SsoFailure.SAML_REPLAYED);
                    case COMPLETED -> (Outcome) new Redirect("finish?region=" + urls.region() + "&code=" + codeText,
                            request.id());
                }).invoke(outcome -> {
            if (outcome instanceof Refused refused) {
                LOG.infof("SAML response for %s refused (%s)", idpId, refused.code());
            } else {
                LOG.infof("SAML response for %s accepted (%s-initiated)", idpId, request.id() == null ? "IdP" : "SP");
            }
        });
    }

    // ---- finish: the same-site hop, then the shared sign-in ----

    /**
     * Redeems the one-time code. An SP-initiated sign-in must come from the browser that started it
     * ({@code bindingCookie} = the request id); {@code sso_flow_invalid} (400) when the code is unknown,
     * used or expired.
     */
    public Uni<Object> finish(UUID idpId, String code, String bindingCookie) {
        if (code == null || code.length() > 100) {
            return Uni.createFrom().failure(new ProblemException(IdentityProblem.SSO_FLOW_INVALID));
        }
        return state.redeem(idpId, sha256(code))
                .chain(completed -> {
                    if (completed == null || !completed.expiresAt().isAfter(clock.instant())) {
                        return Uni.createFrom().failure(new ProblemException(IdentityProblem.SSO_FLOW_INVALID));
                    }
                    String returnTo = completed.returnTo();
                    String requestId = completed.requestId();
                    if (!requestId.isEmpty() && !requestId.equals(bindingCookie)) {
                        LOG.infof("SAML sign-in via %s finished in another browser than it started in", idpId);
                        return Uni.createFrom().item((Object) new Refused(returnTo, SsoFailure.SSO_FLOW_INVALID));
                    }
                    String name = completed.name();
                    // the claim mapping accepted this at the ACS; signIn checks its domains again
                    AssertedIdentity person = new AssertedIdentity(completed.email(), true,
                            name.isEmpty() ? null : name);
                    return logins.signIn(idpId, IdentityProvider.SAML, person)
                            .map(outcome -> (Object) new SignedIn(outcome, returnTo))
                            .onFailure(SsoFailure.class)
                            .recoverWithItem(failure -> new Refused(returnTo, ((SsoFailure) failure).code()));
                });
    }

    // ---- helpers ----

    /**
     * The landing page of an unsolicited (IdP-initiated) response: the first allowed origin's SSO page,
     * with our region, since a browser the IdP sends there may never have been to the web app and the
     * web app asks for the session (the refresh cookie) region by region.
     */
    String landing() {
        String origin = config.allowedReturnOrigins().stream().map(String::trim).filter(s -> !s.isEmpty()).findFirst()
                .orElse("http://localhost:8080");
        String page = (origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin) + idpInitiatedPath;
        return page + (page.contains("?") ? "&" : "?") + "region=" + URLEncoder.encode(urls.region(), StandardCharsets.UTF_8);
    }

    private Uni<Loaded> load(UUID idpId) {
        return Panache.withSession(() -> providers.findById(idpId).chain(idp -> {
            if (idp == null || !IdentityProvider.SAML.equals(idp.type)) {
                return Uni.createFrom().nullItem();
            }
            return samlProviders.findById(idpId).map(saml -> saml == null ? null : new Loaded(idp, saml));
        }));
    }

    private Uni<Request> request(UUID idpId, String id) {
        if (id.length() > 256) {
            return Uni.createFrom().nullItem();
        }
        return state.returnToOfRequest(idpId, id, clock.instant())
                .map(returnTo -> returnTo == null ? null : new Request(id, returnTo));
    }

    private static Uni<Outcome> refused(UUID idpId, String returnTo, String code, String why) {
        LOG.infof("SAML response for %s refused (%s): %s", idpId, code, why);
        return Uni.createFrom().item(new Refused(returnTo, code));
    }

    /** java-saml's reason, as one of our codes. */
    static String codeOf(Exception why, int assertions) {
        if (!(why instanceof ValidationError error)) {
            return SsoFailure.SAML_RESPONSE_INVALID;
        }
        String message = error.getMessage() == null ? "" : error.getMessage();
        return switch (error.getErrorCode()) {
            case ValidationError.STATUS_CODE_IS_NOT_SUCCESS -> SsoFailure.IDP_ERROR;
            case ValidationError.WRONG_NUMBER_OF_ASSERTIONS -> assertions == 0 ? SsoFailure.SAML_RESPONSE_INVALID
                    : SsoFailure.SAML_SIGNATURE_INVALID;
            case ValidationError.WRONG_SIGNED_ELEMENT, ValidationError.ID_NOT_FOUND_IN_SIGNED_ELEMENT,
                    ValidationError.DUPLICATED_ID_IN_SIGNED_ELEMENTS, ValidationError.INVALID_SIGNED_ELEMENT,
                    ValidationError.DUPLICATED_REFERENCE_IN_SIGNED_ELEMENTS, ValidationError.UNEXPECTED_SIGNED_ELEMENTS,
                    ValidationError.WRONG_NUMBER_OF_SIGNATURES_IN_RESPONSE,
                    ValidationError.WRONG_NUMBER_OF_SIGNATURES_IN_ASSERTION, ValidationError.WRONG_NUMBER_OF_SIGNATURES,
                    ValidationError.UNEXPECTED_REFERENCE, ValidationError.INVALID_SIGNATURE -> SsoFailure.SAML_SIGNATURE_INVALID;
            case ValidationError.NO_SIGNATURE_FOUND, ValidationError.NO_SIGNED_MESSAGE,
                    ValidationError.NO_SIGNED_ASSERTION -> SsoFailure.SAML_UNSIGNED;
            case ValidationError.WRONG_INRESPONSETO -> SsoFailure.SAML_IN_RESPONSE_TO_INVALID;
            case ValidationError.ASSERTION_TOO_EARLY -> SsoFailure.SAML_NOT_YET_VALID;
            case ValidationError.ASSERTION_EXPIRED, ValidationError.SESSION_EXPIRED,
                    ValidationError.RESPONSE_EXPIRED -> SsoFailure.SAML_EXPIRED;
            case ValidationError.WRONG_DESTINATION, ValidationError.EMPTY_DESTINATION -> SsoFailure.SAML_DESTINATION_INVALID;
            case ValidationError.WRONG_AUDIENCE, ValidationError.SP_NAME_QUALIFIER_NAME_MISMATCH ->
                    SsoFailure.SAML_AUDIENCE_INVALID;
            case ValidationError.ISSUER_MULTIPLE_IN_RESPONSE, ValidationError.ISSUER_NOT_FOUND_IN_ASSERTION,
                    ValidationError.WRONG_ISSUER -> SsoFailure.SAML_ISSUER_INVALID;
            case ValidationError.WRONG_SUBJECTCONFIRMATION -> message.contains("Recipient")
                    ? SsoFailure.SAML_RECIPIENT_INVALID
                    : message.contains("not yet valid") ? SsoFailure.SAML_NOT_YET_VALID
                    : message.contains("no longer valid") || message.contains("NotOnOrAfter") ? SsoFailure.SAML_EXPIRED
                    : message.contains("InResponseTo") ? SsoFailure.SAML_IN_RESPONSE_TO_INVALID
                    : SsoFailure.SAML_RESPONSE_INVALID;
            default -> SsoFailure.SAML_RESPONSE_INVALID;
        };
    }

    private static Instant time(Element element, String attribute) {
        if (!element.hasAttribute(attribute)) {
            return null;
        }
        String value = element.getAttribute(attribute).trim();
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException again) {
                throw new SsoFailure(SsoFailure.SAML_RESPONSE_INVALID);
            }
        }
    }

    static byte[] sha256(String code) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** XML signature checks are CPU work: off the event loop, back on the caller's context afterwards. */
    private static <T> Uni<T> blocking(Supplier<T> work) {
        io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        if (context == null) {
            return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }
        return Uni.createFrom().completionStage(() -> context.executeBlocking(work::get, false).toCompletionStage());
    }
}
