package dev.threshold.identity.sso;

import dev.threshold.common.problem.ProblemException;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.OidcConfigurationMetadata;
import io.quarkus.oidc.OidcProviderClient;
import io.quarkus.oidc.UserInfo;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * The claims an OpenID provider made about a person at sign-in: those of the verified ID token,
 * completed from the provider's userinfo endpoint when the ID token alone does not settle the
 * provider's {@link ClaimMapping} (spec-conformant providers send the {@code email} scope's claims
 * only from userinfo; OIDC Core 5.4). Userinfo is asked only then, once, with the code flow's
 * access token, through quarkus-oidc's client of the provider's tenant (so {@link IdpRequestGuard}
 * checks the address as for every other request). Its claims only fill what the ID token lacks, and
 * are used only if their {@code sub} is the ID token's (OIDC Core 5.3.2).
 */
@ApplicationScoped
public class OidcClaims {

    private static final Logger LOG = Logger.getLogger(OidcClaims.class);
    private static final String CONFIG_METADATA = "configuration-metadata";

    private final SsoConfig config;

    public OidcClaims(SsoConfig config) {
        this.config = config;
    }

    public Uni<Map<String, Object>> of(UUID idpId, JsonWebToken idToken, SecurityIdentity identity, ClaimMapping mapping) {
        Map<String, Object> claims = new LinkedHashMap<>();
        for (String name : idToken.getClaimNames()) {
            claims.put(name, idToken.getClaim(name));
        }
        if (!mapping.needsMoreClaims(claims)) {
            return Uni.createFrom().item(claims);
        }
        OidcProviderClient client = identity.getAttribute(OidcProviderClient.class.getName());
        OidcConfigurationMetadata metadata = identity.getAttribute(CONFIG_METADATA);
        AccessTokenCredential accessToken = identity.getCredential(AccessTokenCredential.class);
        if (client == null || metadata == null || metadata.getUserInfoUri() == null || accessToken == null
                || accessToken.getToken() == null) {
            // nothing more to ask: the mapping decides on what the ID token says
            LOG.debugf("identity provider %s: the ID token lacks claims and there is no userinfo endpoint", idpId);
            return Uni.createFrom().item(claims);
        }
        // back on the caller's (request) context afterwards: Hibernate Reactive insists on it
        io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        Uni<UserInfo> userInfo = client.getUserInfo(accessToken.getToken()).ifNoItem().after(config.userinfoTimeout()).fail();
        if (context != null) {
            userInfo = userInfo.emitOn(command -> context.runOnContext(ignored -> command.run()));
        }
        return userInfo
                .onFailure().transform(failure -> {
                    LOG.infof("userinfo of identity provider %s failed: %s", idpId, failure.getClass().getSimpleName());
                    // refused by the SSRF guard: as at start and login; anything else (timeout, error, bad JSON) failed
                    return new SsoFailure(refusedByGuard(failure) ? SsoFailure.IDP_UNAVAILABLE : SsoFailure.SSO_FAILED);
                })
                .map(answer -> merged(idpId, claims, answer));
    }

    private static boolean refusedByGuard(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ProblemException) {
                return true;
            }
        }
        return false;
    }

    /** The ID token's claims, plus those of userinfo it lacks, if userinfo is about the same subject. */
    static Map<String, Object> merged(UUID idpId, Map<String, Object> claims, UserInfo userInfo) {
        JsonObject json = userInfo == null ? null : userInfo.getJsonObject();
        if (json == null) {
            return claims;
        }
        Object subject = ClaimMapping.text(claims.get(ClaimMapping.SUBJECT));
        if (subject == null || !Objects.equals(subject, ClaimMapping.text(json.get(ClaimMapping.SUBJECT)))) {
            LOG.infof("userinfo of identity provider %s ignored: its sub is not the ID token's", idpId);
            return claims;
        }
        Map<String, Object> merged = new LinkedHashMap<>(claims);
        for (Map.Entry<String, JsonValue> claim : json.entrySet()) {
            merged.putIfAbsent(claim.getKey(), claim.getValue());
        }
        return merged;
    }
}
