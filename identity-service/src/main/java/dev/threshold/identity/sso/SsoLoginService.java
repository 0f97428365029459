package dev.threshold.identity.sso;

import dev.threshold.identity.login.LoginCompletion;
import dev.threshold.identity.login.LoginOutcome;
import dev.threshold.identity.org.OrgSettings;
import dev.threshold.identity.org.Organization;
import dev.threshold.identity.org.OrganizationRepository;
import dev.threshold.identity.org.OrganizationService;
import dev.threshold.identity.user.User;
import dev.threshold.identity.user.UserRepository;
import dev.threshold.identity.user.UserService;
import dev.threshold.identity.user.UserState;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * After quarkus-oidc verified the IdP's ID token (state, PKCE, nonce, issuer, audience, signature,
 * expiry), or the SAML service provider validated an assertion ({@code saml/SamlService}): who is
 * this person in the provider's organization? The provider's {@link ClaimMapping} turns its claims
 * (OIDC) or attributes (SAML) into a verified address within its allowed domains; that address is an
 * active or invited user (the invitation is accepted this way, without a password), or a new user
 * when the provider allows just-in-time provisioning. Then a session exactly as for a password
 * login, never with an MFA step. {@link #signIn(UUID, String, AssertedIdentity)} is the
 * protocol-neutral part both protocols end in.
 */
@ApplicationScoped
public class SsoLoginService {

    private static final Logger LOG = Logger.getLogger(SsoLoginService.class);
    static final String GOOGLE_ISSUER = "https://accounts.google.com";

    private final IdentityProviderRepository providers;
    private final OrganizationRepository organizations;
    private final OrganizationService organizationService;
    private final UserRepository users;
    private final UserService userService;
    private final LoginCompletion completion;
    private final OidcClaims claims;

    public SsoLoginService(IdentityProviderRepository providers, OrganizationRepository organizations,
            OrganizationService organizationService, UserRepository users, UserService userService,
            LoginCompletion completion, OidcClaims claims) {
        this.claims = claims;
        this.providers = providers;
        this.organizations = organizations;
        this.organizationService = organizationService;
        this.users = users;
        this.userService = userService;
        this.completion = completion;
    }

    /**
     * OpenID Connect: the verified ID token (and, where it falls short, userinfo) through the
     * provider's {@link ClaimMapping}, then {@link #signIn(UUID, String, AssertedIdentity)}. The provider is
     * read first, outside any transaction, so that a slow userinfo endpoint holds no connection.
     */
    public Uni<LoginOutcome> signIn(UUID idpId, JsonWebToken idToken, SecurityIdentity identity) {
        return Panache.withSession(() -> providers.findById(idpId))
                .onItem().ifNull().failWith(() -> new SsoFailure(SsoFailure.IDP_NOT_FOUND))
                .chain(idp -> {
                    ClaimMapping mapping = idp.claimMapping();
                    // Google: only accounts of a Workspace (hd) within the allowed domains, not a consumer
                    // account that was opened with a company address
                    boolean hostedDomainRequired = GOOGLE_ISSUER.equals(idp.issuer);
                    return claims.of(idpId, idToken, identity, mapping)
                            .map(all -> asserted(idp, mapping, all, hostedDomainRequired));
                })
                .chain(person -> signIn(idpId, IdentityProvider.OIDC, person));
    }

    /**
     * Protocol-neutral: the provider's mapping accepted the person (a verified address within its
     * domains). An ACTIVE user of the provider's org, or an INVITED one (the invitation is accepted
     * this way, without a password), or a new user with the provider's just-in-time roles; then a
     * session exactly as for a password login, never with an MFA step. A provider that is not of
     * {@code type} (any more) is {@code sso_idp_not_found}.
     */
    public Uni<LoginOutcome> signIn(UUID idpId, String type, AssertedIdentity person) {
        return Panache.withTransaction(() -> providers.findById(idpId)
                        .onItem().ifNull().failWith(() -> new SsoFailure(SsoFailure.IDP_NOT_FOUND))
                        .invoke(idp -> {
                            if (!idp.type.equals(type)) {
                                throw new SsoFailure(SsoFailure.IDP_NOT_FOUND);
                            }
                        })
                        .chain(idp -> organizations.findById(idp.orgId)
                                .onItem().ifNull().failWith(() -> new SsoFailure(SsoFailure.IDP_NOT_FOUND))
                                .chain(org -> person(idp, org, person))))
                .chain(target -> completion.afterIdentityProvider(target.user(), target.org(), target.settings(), true));
    }

    private static AssertedIdentity asserted(IdentityProvider idp, ClaimMapping mapping, Map<String, Object> claims,
            boolean hostedDomainRequired) {
        try {
            return mapping.assertIdentity(claims, hostedDomainRequired);
        } catch (SsoFailure failure) {
            LOG.infof("SSO via %s refused: %s", idp.id, failure.code());
            throw failure;
        }
    }

    private Uni<Target> person(IdentityProvider idp, Organization org, AssertedIdentity person) {
        String normalized = person.email();
        ClaimMapping mapping = idp.claimMapping();
        if (!person.emailVerified() || !mapping.domainAllowed(normalized)) {
            // the mapping decides before this; checked again in case a caller skipped it
            throw new SsoFailure(person.emailVerified() ? SsoFailure.DOMAIN_NOT_ALLOWED : SsoFailure.EMAIL_NOT_VERIFIED);
        }
        OrgSettings settings = organizationService.settingsOf(org);
        return users.findByEmail(org.id, normalized).chain(user -> {
            if (user != null && user.state == UserState.ACTIVE) {
                return Uni.createFrom().item(new Target(user, org, settings));
            }
            if (user != null && user.state == UserState.INVITED) {
                // the IdP vouched for the invited email: the invitation is accepted, no password set
                return userService.activate(new UserService.Activation(user.invitationId, org.id, normalized,
                                user.name, user.roleList(), user.locale), null, LoginCompletion.SSO)
                        .invoke(active -> LOG.infof("invited user %s activated by SSO via %s", active.id, idp.id))
                        .map(active -> new Target(active, org, settings));
            }
            if (user != null) {
                // the invitation was revoked or ran out: an admin decided, the IdP does not overrule that
                throw new SsoFailure(SsoFailure.USER_NOT_ALLOWED);
            }
            if (!idp.jitProvisioning) {
                LOG.infof("SSO via %s refused: no user of org %s has the IdP's email", idp.id, org.id);
                throw new SsoFailure(SsoFailure.USER_NOT_FOUND);
            }
            return userService.activate(new UserService.Activation(null, org.id, normalized, person.name(),
                            mapping.jitRoles(), settings.defaultLocale()), null, LoginCompletion.SSO)
                    .invoke(created -> LOG.infof("user %s provisioned just in time by SSO via %s", created.id, idp.id))
                    .map(created -> new Target(created, org, settings));
        });
    }

    private record Target(User user, Organization org, OrgSettings settings) {
    }
}
