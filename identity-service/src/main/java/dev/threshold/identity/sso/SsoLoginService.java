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
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * After quarkus-oidc verified the IdP's ID token (state, PKCE, nonce, issuer, audience, signature,
 * expiry), or the SAML service provider validated an assertion ({@code saml/SamlService}): who is
 * this {@link SsoIdentity} in the provider's organization? Both protocols end in the same method:
 * a verified email of an active or invited user (the invitation is accepted this way, without a
 * password), or a new user when the provider allows just-in-time provisioning. Then a session exactly as for a password login, never
 * with an MFA step.
 */
@ApplicationScoped
public class SsoLoginService {

    private static final Logger LOG = Logger.getLogger(SsoLoginService.class);

    private final IdentityProviderRepository providers;
    private final OrganizationRepository organizations;
    private final OrganizationService organizationService;
    private final UserRepository users;
    private final UserService userService;
    private final LoginCompletion completion;

    public SsoLoginService(IdentityProviderRepository providers, OrganizationRepository organizations,
            OrganizationService organizationService, UserRepository users, UserService userService,
            LoginCompletion completion) {
        this.providers = providers;
        this.organizations = organizations;
        this.organizationService = organizationService;
        this.users = users;
        this.userService = userService;
        this.completion = completion;
    }

    /** OpenID Connect: the person of a verified ID token. */
    public Uni<LoginOutcome> signIn(UUID idpId, JsonWebToken idToken) {
        return signIn(idpId, idp -> new SsoIdentity(text(idToken.getClaim(idp.emailClaim)),
                isTrue(idToken.getClaim("email_verified")), text(idToken.getClaim("name"))));
    }

    /**
     * Any protocol: the person the provider vouches for ({@code identityOf} reads it with the
     * provider's settings at hand), matched, activated or provisioned, then a session.
     */
    public Uni<LoginOutcome> signIn(UUID idpId, Function<IdentityProvider, SsoIdentity> identityOf) {
        return Panache.withTransaction(() -> providers.findById(idpId)
                        .onItem().ifNull().failWith(() -> new SsoFailure(SsoFailure.IDP_NOT_FOUND))
                        .chain(idp -> organizations.findById(idp.orgId)
                                .onItem().ifNull().failWith(() -> new SsoFailure(SsoFailure.IDP_NOT_FOUND))
                                .chain(org -> person(idp, org, identityOf.apply(idp)))))
                .chain(target -> completion.afterIdentityProvider(target.user(), target.org(), target.settings(), true));
    }

    private Uni<Target> person(IdentityProvider idp, Organization org, SsoIdentity identity) {
        String email = identity.email();
        if (email == null || email.isBlank() || !email.contains("@")) {
            throw new SsoFailure(SsoFailure.EMAIL_MISSING);
        }
        if (!identity.emailVerified()) {
            LOG.infof("SSO via %s refused: the IdP has not verified the email", idp.id);
            throw new SsoFailure(SsoFailure.EMAIL_NOT_VERIFIED);
        }
        String normalized = email.trim().toLowerCase(Locale.ROOT);
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
            String name = identity.name();
            return userService.activate(new UserService.Activation(null, org.id, normalized, name, List.of("user"),
                            settings.defaultLocale()), null, LoginCompletion.SSO)
                    .invoke(created -> LOG.infof("user %s provisioned just in time by SSO via %s", created.id, idp.id))
                    .map(created -> new Target(created, org, settings));
        });
    }

    private static boolean isTrue(Object claim) {
        return claim instanceof Boolean b && b
                || claim instanceof JsonValue json && json.getValueType() == JsonValue.ValueType.TRUE;
    }

    private static String text(Object claim) {
        if (claim instanceof JsonString json) {
            return json.getString();
        }
        return claim instanceof String s ? s : null;
    }

    private record Target(User user, Organization org, OrgSettings settings) {
    }
}
