package dev.threshold.identity.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threshold.identity.login.api.LoginResult;
import dev.threshold.identity.org.OrgSettings;
import dev.threshold.identity.org.Organization;
import dev.threshold.identity.org.OrganizationRepository;
import dev.threshold.identity.org.OrganizationService;
import dev.threshold.identity.support.Accounts;
import dev.threshold.identity.support.MfaStub;
import dev.threshold.identity.user.User;
import dev.threshold.identity.user.UserRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The MFA decision after the first factor; SSO logins (the sign-in flow lands with the SSO issue) never get MFA. */
@QuarkusTest
class LoginCompletionTest {

    @Inject
    LoginCompletion completion;
    @Inject
    UserRepository users;
    @Inject
    OrganizationRepository organizations;
    @Inject
    OrganizationService organizationService;

    @Test
    void anSsoLoginNeverSeesMfaEvenWhenTheOrgRequiresItAndThePersonEnrolled() throws Throwable {
        Accounts.Org org = Accounts.newOrg("sso-nomfa");
        Accounts.Person person = Accounts.person(org, List.of("user"));
        Accounts.settings(org, Map.of("mfaRequired", true));
        MfaStub.enroll(org.id(), person.userId());

        LoginOutcome password = VertxContextSupport.subscribeAndAwait(() -> load(person)
                .chain(loaded -> completion.afterPassword(loaded.user(), loaded.org(), loaded.settings(), false, null)));
        assertThat(password.result().status()).isEqualTo(LoginResult.Status.MFA_REQUIRED);

        LoginOutcome sso = VertxContextSupport.subscribeAndAwait(() -> load(person)
                .chain(loaded -> completion.afterIdentityProvider(loaded.user(), loaded.org(), loaded.settings(), false)));
        assertThat(sso.result().status()).isEqualTo(LoginResult.Status.AUTHENTICATED);
        assertThat(sso.result().user().authMethod()).isEqualTo("sso");
        String claims = new String(Base64.getUrlDecoder().decode(sso.result().accessToken().split("\\.")[1]),
                StandardCharsets.UTF_8);
        assertThat(claims).contains("\"amr\":[\"sso\"]");
    }

    private Uni<Loaded> load(Accounts.Person person) {
        return Panache.withSession(() -> users.findById(person.userId()).chain(user -> organizations
                .findById(user.orgId).map(org -> new Loaded(user, org, organizationService.settingsOf(org)))));
    }

    private record Loaded(User user, Organization org, OrgSettings settings) {
    }
}
