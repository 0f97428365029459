package dev.threshold.identity.support;

import dev.threshold.identity.token.AccessTokens;
import io.quarkus.arc.Arc;
import io.quarkus.vertx.VertxContextSupport;
import java.util.List;
import java.util.UUID;

/** Access tokens signed by the running test app's own key store, exactly as logins get them. */
public final class Tokens {

    private Tokens() {
    }

    public static String admin(String orgId) {
        return token(UUID.randomUUID(), orgId, List.of("admin"));
    }

    public static String user(String orgId) {
        return token(UUID.randomUUID(), orgId, List.of("user"));
    }

    public static String token(UUID userId, String orgId, List<String> roles) {
        AccessTokens tokens = Arc.container().instance(AccessTokens.class).get();
        try {
            return VertxContextSupport.subscribeAndAwait(() -> tokens.accessToken(new AccessTokens.AccessTokenClaims(
                    userId.toString(), UUID.fromString(orgId), roles, List.of("pwd"), "someone@" + orgId + ".test",
                    null)));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
