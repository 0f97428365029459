package dev.threshold.common.caller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.threshold.common.problem.ProblemException;
import io.quarkus.security.UnauthorizedException;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** The token contract every service reads its callers by: who, which kind of token, and what is refused. */
class CallerTest {

    static final String REGION = "eu-central-1";
    final UUID org = UUID.randomUUID();
    final UUID user = UUID.randomUUID();

    /** A verified token as the JWT mechanisms hand it over: claims by name, strings as JsonString (quarkus-oidc). */
    record Token(Map<String, Object> claims) implements JsonWebToken {
        @Override
        public String getName() {
            return getSubject();
        }

        @Override
        public Set<String> getClaimNames() {
            return claims.keySet();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getClaim(String name) {
            return (T) claims.get(name);
        }

        Token with(String name, Object value) {
            Map<String, Object> copy = new HashMap<>(claims);
            if (value == null) {
                copy.remove(name);
            } else {
                copy.put(name, value);
            }
            return new Token(copy);
        }
    }

    static JsonString json(String value) {
        return new JsonString() {
            @Override
            public String getString() {
                return value;
            }

            @Override
            public CharSequence getChars() {
                return value;
            }

            @Override
            public JsonValue.ValueType getValueType() {
                return JsonValue.ValueType.STRING;
            }
        };
    }

    Token access() {
        return new Token(Map.of("sub", user.toString(), "aud", Set.of(Claims.ACCESS_AUDIENCE),
                Claims.ORG, json(org.toString()), Claims.REGION, json(REGION), Claims.EMAIL, json("ada@example.test"),
                Claims.AMR, List.of(json("pwd")), Claims.SESSION, json(UUID.randomUUID().toString())));
    }

    Token mfa(String action) {
        return new Token(Map.of("sub", user.toString(), "aud", Set.of(Claims.MFA_AUDIENCE),
                Claims.ORG, org.toString(), Claims.REGION, REGION, Claims.FLOW, UUID.randomUUID().toString(),
                Claims.MFA_ACTION, action));
    }

    Token apiClient() {
        return new Token(Map.of("sub", "client:nightly-sync", "aud", Set.of(Claims.ACCESS_AUDIENCE),
                Claims.ORG, org.toString(), Claims.REGION, REGION, Claims.AMR, List.of("client")));
    }

    static String problemCode(Throwable failure) {
        assertThat(failure).isInstanceOf(ProblemException.class);
        return ((ProblemException) failure).problem().code();
    }

    @Test
    void readsAPersonsAccessTokenWhetherClaimsComeAsJsonOrAsStrings() {
        Caller caller = Caller.of(access(), REGION);

        assertThat(caller.kind()).isEqualTo(Caller.Kind.ACCESS);
        assertThat(caller.orgId()).isEqualTo(org);
        assertThat(caller.userId()).contains(user);
        assertThat(caller.email()).isEqualTo("ada@example.test");
        assertThat(caller.amr()).containsExactly("pwd");
        assertThat(caller.sessionId()).isNotNull();
        assertThat(caller.isApiClient()).isFalse();
        assertThat(caller.signedInWithSso()).isFalse();
        assertThat(Caller.of(access().with(Claims.AMR, List.of("sso")), REGION).signedInWithSso()).isTrue();
        assertThat(caller.requireUserAccessToken()).isSameAs(caller);
    }

    @Test
    void anApiClientIsNobodysMeAndNoPersonsToken() {
        Caller client = Caller.of(apiClient(), REGION);

        assertThat(client.isApiClient()).isTrue();
        assertThat(client.userId()).isEmpty();
        assertThat(client.requireAccessToken()).isSameAs(client);
        assertThat(problemCode(catchThrowable(client::requireUserAccessToken))).isEqualTo("token_not_accepted");
        // either sign is enough
        assertThat(Caller.of(access().with(Claims.AMR, List.of("client")), REGION).isApiClient()).isTrue();
    }

    @Test
    void anMfaTokenServesItsOneActionOnly() {
        Caller enrolling = Caller.of(mfa(Claims.ENROLL), REGION);

        assertThat(enrolling.isMfaToken()).isTrue();
        assertThat(enrolling.flow()).isNotNull();
        assertThat(enrolling.requireMfaToken(Claims.ENROLL)).isSameAs(enrolling);
        assertThat(problemCode(catchThrowable(() -> enrolling.requireMfaToken(Claims.CHALLENGE))))
                .isEqualTo("token_not_accepted");
        assertThat(problemCode(catchThrowable(enrolling::requireAccessToken))).isEqualTo("token_not_accepted");
        assertThat(problemCode(catchThrowable(enrolling::requireUserAccessToken))).isEqualTo("token_not_accepted");
        assertThat(problemCode(catchThrowable(() -> Caller.of(access(), REGION).requireMfaToken(Claims.ENROLL))))
                .isEqualTo("token_not_accepted");
    }

    @Test
    void refusesTokensIdentityServiceWouldNotIssue() {
        assertThat(catchThrowable(() -> Caller.of((io.quarkus.security.identity.SecurityIdentity) null, REGION)))
                .isInstanceOf(UnauthorizedException.class);
        // both audiences would let an mfaToken open My Account, neither is nobody's token
        assertThat(catchThrowable(() -> Caller.of(access().with("aud", Set.of(Claims.ACCESS_AUDIENCE, Claims.MFA_AUDIENCE)),
                REGION))).isInstanceOf(UnauthorizedException.class);
        assertThat(catchThrowable(() -> Caller.of(access().with("aud", Set.of("elsewhere")), REGION)))
                .isInstanceOf(UnauthorizedException.class);
        assertThat(catchThrowable(() -> Caller.of(access().with("sub", " "), REGION)))
                .isInstanceOf(UnauthorizedException.class);
        assertThat(catchThrowable(() -> Caller.of(mfa("delete-everything"), REGION)))
                .isInstanceOf(UnauthorizedException.class);
        assertThat(catchThrowable(() -> Caller.of(mfa(Claims.ENROLL).with(Claims.FLOW, "not-a-uuid"), REGION)))
                .isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void aTokenOfAnotherRegionOrWithoutOrganizationIsAProblem() {
        ProblemException otherRegion = (ProblemException) catchThrowable(() -> Caller.of(access(), "us-east-1"));
        assertThat(otherRegion.problem().code()).isEqualTo("region_mismatch");
        assertThat(otherRegion.problem().status()).isEqualTo(421);
        assertThat(otherRegion.detailArgs()).containsExactly(REGION, "us-east-1");

        assertThat(problemCode(catchThrowable(() -> Caller.of(access().with(Claims.ORG, null), REGION))))
                .isEqualTo("org_claim_missing");
        assertThat(problemCode(catchThrowable(() -> Caller.of(access().with(Claims.ORG, "acme"), REGION))))
                .isEqualTo("org_claim_missing");
        // a token without a region is of no other region
        assertThat(Caller.of(access().with(Claims.REGION, null), REGION).orgId()).isEqualTo(org);
    }

    @Test
    void namesTheCallerByNameElseEmailShortened() {
        assertThat(Caller.of(access().with(Claims.NAME, "  Ada Lovelace "), REGION).displayName()).isEqualTo("Ada Lovelace");
        assertThat(Caller.of(access().with(Claims.NAME, " "), REGION).displayName()).isEqualTo("ada@example.test");
        assertThat(Caller.of(access().with(Claims.EMAIL, null), REGION).displayName()).isNull();
        assertThat(Caller.of(access().with(Claims.NAME, "x".repeat(500)), REGION).displayName()).hasSize(200);
    }

    @Test
    void readsClaimsOfEitherRepresentation() {
        Token token = access().with("single", "admin").with("empty", "").with("list", List.of(json("a"), "b"));
        assertThat(Claims.text(token, "empty")).isNull();
        assertThat(Claims.text(token, "absent")).isNull();
        assertThat(Claims.texts(token, "single")).containsExactly("admin");
        assertThat(Claims.texts(token, "list")).containsExactly("a", "b");
        assertThat(Claims.texts(token, "absent")).isEmpty();
        assertThat(Claims.uuid(token, Claims.ORG)).isEqualTo(org);
        assertThat(Claims.uuid(token, Claims.EMAIL)).isNull();
    }
}
