package dev.threshold.identity.sso;

import dev.threshold.common.events.Outbox;
import dev.threshold.common.problem.CommonProblem;
import dev.threshold.common.problem.Problem;
import dev.threshold.common.problem.ProblemException;
import dev.threshold.identity.org.Organization;
import dev.threshold.identity.org.OrganizationRepository;
import dev.threshold.identity.org.OrganizationService;
import dev.threshold.identity.problem.IdentityProblem;
import dev.threshold.identity.sso.api.IdentityProviderPage;
import dev.threshold.identity.sso.api.IdentityProviderPatch;
import dev.threshold.identity.sso.api.IdentityProviderRequest;
import dev.threshold.identity.sso.api.IdentityProviderResponse;
import dev.threshold.identity.sso.api.LoginOption;
import dev.threshold.identity.sso.events.IdentityProviderChanged;
import dev.threshold.identity.sso.saml.SamlProvider;
import dev.threshold.identity.sso.saml.SamlProviders;
import dev.threshold.identity.user.User;
import dev.threshold.identity.user.UserRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * An org admin's identity providers. Discovery is checked before anything is stored; the org row
 * is locked while providers are added or removed so that the limit and the SSO-only rule ("at
 * least one provider") hold under concurrent calls. Every change is recorded as
 * {@code org.identity_provider_changed} in the same transaction, with the org's other active
 * admins as recipients of the notification (invitation-service mails them).
 */
@ApplicationScoped
public class IdentityProviderService {

    private static final Logger LOG = Logger.getLogger(IdentityProviderService.class);
    private static final int MAX_RECIPIENTS = 200;
    private static final Pattern DATA_IMAGE = Pattern.compile(
            "data:image/(png|jpeg|gif|webp|svg\\+xml);base64,[A-Za-z0-9+/]+={0,2}");

    private final IdentityProviderRepository providers;
    private final OrganizationRepository organizations;
    private final OrganizationService organizationService;
    private final IssuerDiscovery discovery;
    private final ClientSecrets secrets;
    private final SsoConfig config;
    private final UserRepository users;
    private final Outbox outbox;
    private final Clock clock;
    private final SamlProviders saml;

    /** Who changes a provider: always a person (API clients are refused before this). */
    public record Actor(UUID orgId, UUID userId) {
    }

    public IdentityProviderService(IdentityProviderRepository providers, OrganizationRepository organizations,
            OrganizationService organizationService, IssuerDiscovery discovery, ClientSecrets secrets,
            SsoConfig config, UserRepository users, Outbox outbox, Clock clock, SamlProviders saml) {
        this.saml = saml;
        this.users = users;
        this.outbox = outbox;
        this.providers = providers;
        this.organizations = organizations;
        this.organizationService = organizationService;
        this.discovery = discovery;
        this.secrets = secrets;
        this.config = config;
        this.clock = clock;
    }

    public Uni<IdentityProviderPage> list(UUID orgId) {
        String base = saml.base();
        return Panache.withSession(() -> providers.listByOrg(orgId)
                        .chain(all -> saml.of(all).map(samls -> all.stream()
                                .map(idp -> IdentityProviderResponse.of(idp, saml.view(idp, samls.get(idp.id), base)))
                                .toList())))
                .map(all -> new IdentityProviderPage(all, config.maxPerOrg(), 1, all.size()));
    }

    public Uni<IdentityProviderResponse> get(UUID orgId, UUID id) {
        String base = saml.base();
        return Panache.withSession(() -> providers.findInOrg(orgId, id)
                .onItem().ifNull().failWith(() -> new ProblemException(IdentityProblem.IDENTITY_PROVIDER_NOT_FOUND))
                .chain(idp -> view(idp, base)));
    }

    /** The admin's view of a provider, with its SAML side if it has one (in the caller's session). */
    private Uni<IdentityProviderResponse> view(IdentityProvider idp, String base) {
        if (!IdentityProvider.SAML.equals(idp.type)) {
            return Uni.createFrom().item(IdentityProviderResponse.of(idp));
        }
        return saml.find(idp.id).map(row -> IdentityProviderResponse.of(idp, saml.view(idp, row, base)));
    }

    public Uni<IdentityProviderResponse> create(Actor actor, IdentityProviderRequest request) {
        if (IdentityProvider.SAML.equals(request.type())) {
            return createSaml(actor, request);
        }
        UUID orgId = actor.orgId();
        String issuer = discovery.normalize(request.issuer());
        String iconUrl = iconUrl(request.iconUrl(), "/iconUrl");
        ClaimMapping mapping = ClaimMapping.validated(request.emailClaim(), request.trustEmail(), request.allowedDomains(),
                request.nameClaim(), request.jitRoles());
        // discovery first, outside any transaction: a slow IdP must not hold a database connection
        return discovery.discover(issuer).chain(() -> Panache.withTransaction(() -> lockOrg(orgId)
                .chain(org -> providers.countByOrg(orgId)
                .chain(count -> {
                    if (count >= config.maxPerOrg()) {
                        throw new ProblemException(IdentityProblem.IDENTITY_PROVIDER_LIMIT, config.maxPerOrg());
                    }
                    Instant now = clock.instant();
                    IdentityProvider idp = new IdentityProvider();
                    idp.id = UUID.randomUUID();
                    idp.orgId = orgId;
                    idp.type = IdentityProvider.OIDC;
                    idp.displayName = request.displayName().trim();
                    idp.issuer = issuer;
                    idp.clientId = request.clientId().trim();
                    secrets.seal(idp, request.clientSecret());
                    idp.iconUrl = iconUrl;
                    idp.scopes = scopes(request.scopes());
                    idp.apply(mapping);
                    idp.jitProvisioning = Boolean.TRUE.equals(request.jitProvisioning());
                    idp.createdAt = now;
                    idp.updatedAt = now;
                    return providers.persist(idp);
                })
                .call(idp -> audit(org, idp, IdentityProviderChanged.CREATED, List.of(), actor.userId())))))
                .invoke(idp -> LOG.infof("identity provider %s (%s) added to org %s", idp.id, idp.issuer, orgId))
                .map(IdentityProviderResponse::of);
    }

    /**
     * A SAML provider: its metadata is read (fetched through the SSRF guard when given as a URL) and
     * our SP key generated before anything is stored, outside any transaction; then as for OIDC.
     */
    private Uni<IdentityProviderResponse> createSaml(Actor actor, IdentityProviderRequest request) {
        UUID orgId = actor.orgId();
        String iconUrl = iconUrl(request.iconUrl(), "/iconUrl");
        String base = saml.base();
        UUID id = UUID.randomUUID();
        // the same claim mapping as OIDC's (emailClaim and nameClaim name SAML attributes)
        ClaimMapping mapping = ClaimMapping.validated(request.emailClaim(), request.trustEmail(), request.allowedDomains(),
                request.nameClaim(), request.jitRoles());
        return saml.resolve(request)
                .chain(resolved -> saml.create(id, resolved, Boolean.TRUE.equals(request.allowIdpInitiated()))
                        .map(row -> new PreparedSaml(resolved, row)))
                .chain(prepared -> Panache.withTransaction(() -> lockOrg(orgId)
                        .chain(org -> providers.countByOrg(orgId)
                        .chain(count -> {
                            if (count >= config.maxPerOrg()) {
                                throw new ProblemException(IdentityProblem.IDENTITY_PROVIDER_LIMIT, config.maxPerOrg());
                            }
                            SamlProviders.Resolved resolved = prepared.resolved();
                            Instant now = clock.instant();
                            IdentityProvider idp = new IdentityProvider();
                            idp.id = id;
                            idp.orgId = orgId;
                            idp.type = IdentityProvider.SAML;
                            idp.displayName = request.displayName().trim();
                            idp.issuer = resolved.descriptor().entityId();
                            idp.iconUrl = iconUrl;
                            idp.apply(mapping);
                            idp.jitProvisioning = Boolean.TRUE.equals(request.jitProvisioning());
                            idp.createdAt = now;
                            idp.updatedAt = now;
                            SamlProvider row = prepared.row();
                            return providers.persist(idp).call(providers::flush).call(() -> saml.persist(row))
                                    .map(ignored -> IdentityProviderResponse.of(idp, saml.view(idp, row, base)));
                        })
                        .call(response -> providers.findById(id).chain(idp -> audit(org, idp,
                                IdentityProviderChanged.CREATED, List.of(), actor.userId()))))))
                .invoke(response -> LOG.infof("SAML identity provider %s (%s) added to org %s", response.id(),
                        response.issuer(), orgId));
    }

    private record PreparedSaml(SamlProviders.Resolved resolved, SamlProvider row) {
    }

    public Uni<IdentityProviderResponse> update(Actor actor, UUID id, IdentityProviderPatch patch) {
        return Panache.withSession(() -> providers.findInOrg(actor.orgId(), id))
                .onItem().ifNull().failWith(() -> new ProblemException(IdentityProblem.IDENTITY_PROVIDER_NOT_FOUND))
                .chain(current -> IdentityProvider.SAML.equals(current.type) ? updateSaml(actor, id, patch)
                        : updateOidc(actor, id, patch));
    }

    /**
     * A SAML provider's patch: new metadata (XML or URL, fetched through the guard before the
     * transaction) or new entity id, SSO URL or certificates replace the stored ones; our SP key stays.
     */
    private Uni<IdentityProviderResponse> updateSaml(Actor actor, UUID id, IdentityProviderPatch patch) {
        UUID orgId = actor.orgId();
        if (patch.oidcField() != null) {
            throw new ProblemException(IdentityProblem.IDP_FIELD_NOT_APPLICABLE, patch.oidcField(), IdentityProvider.SAML);
        }
        String iconUrl = patch.iconUrl() == null ? null : iconUrl(patch.iconUrl(), "/iconUrl");
        String base = saml.base();
        // each mapping field on its own now; the whole mapping (trustEmail needs allowedDomains) once merged below
        ClaimMapping.validated(patch.emailClaim(), null, patch.allowedDomains(), patch.nameClaim(), patch.jitRoles());
        return saml.resolveDocument(patch)
                .chain(resolved -> Panache.withTransaction(() -> providers.findInOrg(orgId, id)
                        .onItem().ifNull().failWith(() -> new ProblemException(IdentityProblem.IDENTITY_PROVIDER_NOT_FOUND))
                        .chain(idp -> saml.find(id).map(row -> {
                            if (patch.displayName() != null) {
                                idp.displayName = patch.displayName().trim();
                            }
                            if (patch.iconUrl() != null) {
                                idp.iconUrl = iconUrl.isEmpty() ? null : iconUrl;
                            }
                            applyMapping(idp, patch);
                            if (patch.jitProvisioning() != null) {
                                idp.jitProvisioning = patch.jitProvisioning();
                            }
                            SamlProviders.Resolved changed = resolved != null ? resolved : saml.merge(idp, row, patch);
                            if (changed != null) {
                                idp.issuer = changed.descriptor().entityId();
                                saml.apply(row, changed);
                            }
                            saml.applySettings(row, patch);
                            idp.updatedAt = clock.instant();
                            return new PreparedSaml(changed, row);
                        })
                        .call(providers::flush)
                        .chain(prepared -> providers.findById(id)
                                .call(saved -> organizations.findById(orgId).chain(org -> audit(org, saved,
                                        IdentityProviderChanged.UPDATED, changedFields(patch), actor.userId())))
                                .map(saved -> IdentityProviderResponse.of(saved, saml.view(saved, prepared.row(), base)))))))
                .invoke(response -> LOG.infof("SAML identity provider %s of org %s updated", id, orgId));
    }

    private Uni<IdentityProviderResponse> updateOidc(Actor actor, UUID id, IdentityProviderPatch patch) {
        if (patch.samlField() != null) {
            throw new ProblemException(IdentityProblem.IDP_FIELD_NOT_APPLICABLE, patch.samlField(), IdentityProvider.OIDC);
        }
        UUID orgId = actor.orgId();
        String iconUrl = patch.iconUrl() == null ? null : iconUrl(patch.iconUrl(), "/iconUrl");
        String issuer = patch.issuer() == null ? null : discovery.normalize(patch.issuer());
        // each mapping field on its own now; the whole mapping (trustEmail needs allowedDomains) once merged below
        ClaimMapping.validated(patch.emailClaim(), null, patch.allowedDomains(), patch.nameClaim(), patch.jitRoles());
        return Panache.withSession(() -> providers.findInOrg(orgId, id))
                .onItem().ifNull().failWith(() -> new ProblemException(IdentityProblem.IDENTITY_PROVIDER_NOT_FOUND))
                .chain(current -> issuer == null || issuer.equals(current.issuer) ? Uni.createFrom().voidItem()
                        : discovery.discover(issuer).replaceWithVoid())
                .chain(() -> Panache.withTransaction(() -> providers.findInOrg(orgId, id)
                        .onItem().ifNull().failWith(() -> new ProblemException(IdentityProblem.IDENTITY_PROVIDER_NOT_FOUND))
                        .map(idp -> {
                            if (patch.displayName() != null) {
                                idp.displayName = patch.displayName().trim();
                            }
                            if (issuer != null) {
                                idp.issuer = issuer;
                            }
                            if (patch.clientId() != null) {
                                idp.clientId = patch.clientId().trim();
                            }
                            if (patch.clientSecret() != null) {
                                secrets.seal(idp, patch.clientSecret());
                            }
                            if (patch.iconUrl() != null) {
                                idp.iconUrl = iconUrl.isEmpty() ? null : iconUrl;
                            }
                            if (patch.scopes() != null) {
                                idp.scopes = scopes(patch.scopes());
                            }
                            applyMapping(idp, patch);
                            if (patch.jitProvisioning() != null) {
                                idp.jitProvisioning = patch.jitProvisioning();
                            }
                            idp.updatedAt = clock.instant();
                            return idp;
                        })
                        .call(providers::flush)
                        .call(idp -> organizations.findById(orgId).chain(org -> audit(org, idp, IdentityProviderChanged.UPDATED,
                                changedFields(patch), actor.userId())))))
                .invoke(idp -> LOG.infof("identity provider %s of org %s updated", idp.id, orgId))
                .map(IdentityProviderResponse::of);
    }

    /** The mapping as it will be, checked as a whole (trustEmail needs allowedDomains), for either protocol. */
    private static void applyMapping(IdentityProvider idp, IdentityProviderPatch patch) {
        ClaimMapping current = idp.claimMapping();
        idp.apply(ClaimMapping.validated(
                patch.emailClaim() != null ? patch.emailClaim() : current.emailClaim(),
                patch.trustEmail() != null ? patch.trustEmail() : current.trustEmail(),
                patch.allowedDomains() != null ? patch.allowedDomains() : current.allowedDomains(),
                patch.nameClaim() != null ? patch.nameClaim() : current.nameClaim(),
                patch.jitRoles() != null ? patch.jitRoles() : current.jitRoles()));
    }

    /** The last provider of an SSO-only org stays: without it nobody could sign in. */
    public Uni<Void> delete(Actor actor, UUID id) {
        UUID orgId = actor.orgId();
        return Panache.withTransaction(() -> lockOrg(orgId)
                .chain(org -> providers.findInOrg(orgId, id)
                        .onItem().ifNull().failWith(() -> new ProblemException(IdentityProblem.IDENTITY_PROVIDER_NOT_FOUND))
                        .chain(idp -> providers.countByOrg(orgId).chain(count -> {
                            if (count <= 1 && organizationService.settingsOf(org).ssoOnly()) {
                                throw new ProblemException(IdentityProblem.SSO_REQUIRES_IDENTITY_PROVIDER);
                            }
                            return providers.delete(idp)
                                    .call(() -> audit(org, idp, IdentityProviderChanged.DELETED, List.of(), actor.userId()));
                        }))))
                .invoke(() -> LOG.infof("identity provider %s removed from org %s", id, orgId));
    }

    /** The type of a provider of any org ({@code oidc}, {@code saml}; the sign-in is public), or null. */
    public Uni<String> typeOf(UUID id) {
        return Panache.withSession(() -> providers.findById(id)).map(idp -> idp == null ? null : idp.type);
    }

    /** The issuer of a provider of any org (the sign-in is public), or null. */
    public Uni<String> issuerOf(UUID id) {
        return Panache.withSession(() -> providers.findById(id)).map(idp -> idp == null ? null : idp.issuer);
    }

    /** The public list of the login page ("More login options"), by org name in any case. */
    public Uni<List<LoginOption>> loginOptions(String orgName) {
        return Panache.withSession(() -> organizations.findByName(orgName.trim())
                .onItem().ifNull().failWith(() -> new ProblemException(IdentityProblem.ORG_NOT_FOUND))
                .chain(org -> providers.listByOrg(org.id)))
                .map(all -> all.stream()
                        .map(idp -> new LoginOption(idp.id, idp.displayName, idp.type, idp.iconUrl)).toList());
    }

    /** The event of a change, with the org's other active admins as the notification's recipients. */
    private Uni<Void> audit(Organization org, IdentityProvider idp, String change, List<String> fields, UUID actorId) {
        String defaultLocale = organizationService.settingsOf(org).defaultLocale();
        return users.activeAdminCandidates(org.id, MAX_RECIPIENTS)
                .chain(admins -> {
                    User actor = null;
                    List<IdentityProviderChanged.Recipient> recipients = new ArrayList<>();
                    for (User admin : admins) {
                        if (!admin.roleList().contains("admin")) {
                            continue;
                        }
                        if (admin.id.equals(actorId)) {
                            actor = admin;
                        } else {
                            recipients.add(new IdentityProviderChanged.Recipient(admin.id, admin.email, admin.name,
                                    admin.locale == null ? defaultLocale : admin.locale));
                        }
                    }
                    IdentityProviderChanged event = new IdentityProviderChanged(org.id, org.name, idp.id, change, actorId,
                            actor == null ? null : actor.email, actor == null ? null : actor.name, idp.displayName,
                            idp.type, idp.issuer, fields, clock.instant(), List.copyOf(recipients));
                    return outbox.append(IdentityProviderChanged.NAME, idp.id.toString(), org.id.toString(), event);
                })
                .invoke(() -> LOG.infof("identity provider %s of org %s %s by user %s", idp.id, org.id, change, actorId))
                .replaceWithVoid();
    }

    /** The names of the fields a patch changes (never their values: one of them is the secret). */
    static List<String> changedFields(IdentityProviderPatch patch) {
        List<String> fields = new ArrayList<>();
        if (patch.displayName() != null) {
            fields.add("displayName");
        }
        if (patch.issuer() != null) {
            fields.add("issuer");
        }
        if (patch.clientId() != null) {
            fields.add("clientId");
        }
        if (patch.clientSecret() != null) {
            fields.add("clientSecret");
        }
        if (patch.iconUrl() != null) {
            fields.add("iconUrl");
        }
        if (patch.scopes() != null) {
            fields.add("scopes");
        }
        if (patch.emailClaim() != null) {
            fields.add("emailClaim");
        }
        if (patch.jitProvisioning() != null) {
            fields.add("jitProvisioning");
        }
        if (patch.trustEmail() != null) {
            fields.add("trustEmail");
        }
        if (patch.allowedDomains() != null) {
            fields.add("allowedDomains");
        }
        if (patch.nameClaim() != null) {
            fields.add("nameClaim");
        }
        if (patch.jitRoles() != null) {
            fields.add("jitRoles");
        }
        for (var saml : new Object[][] {{"metadataXml", patch.metadataXml()}, {"metadataUrl", patch.metadataUrl()},
                {"entityId", patch.entityId()}, {"ssoUrl", patch.ssoUrl()}, {"certificates", patch.certificates()},
                {"allowIdpInitiated", patch.allowIdpInitiated()}}) {
            if (saml[1] != null) {
                fields.add((String) saml[0]);
            }
        }
        return List.copyOf(fields);
    }

    private Uni<Organization> lockOrg(UUID orgId) {
        return organizations.findById(orgId, LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> new ProblemException(IdentityProblem.ORG_NOT_FOUND));
    }

    /** {@code https:} or an inline {@code data:image/...;base64,} picture; "" clears it on PATCH. */
    static String iconUrl(String value, String pointer) {
        if (value == null || value.isBlank()) {
            return value == null ? null : "";
        }
        String trimmed = value.trim();
        if (trimmed.regionMatches(true, 0, "data:", 0, 5)) {
            if (DATA_IMAGE.matcher(trimmed).matches()) {
                return trimmed;
            }
        } else {
            try {
                URI uri = new URI(trimmed);
                if ("https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null && uri.getRawUserInfo() == null) {
                    return trimmed;
                }
            } catch (URISyntaxException e) {
                // refused below
            }
        }
        throw ProblemException.withErrors(CommonProblem.VALIDATION_FAILED,
                List.of(new Problem.FieldError(pointer, "icon_url", "Use an https: URL or a data:image/...;base64, URL.")));
    }

    private static String scopes(List<String> scopes) {
        if (scopes == null || scopes.isEmpty()) {
            return null;
        }
        String joined = String.join(" ", scopes.stream().map(String::trim)
                .filter(s -> !s.isEmpty() && !s.toLowerCase(Locale.ROOT).equals("openid")).distinct().toList());
        return joined.isEmpty() ? null : joined;
    }
}
