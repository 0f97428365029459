package dev.threshold.common.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * identity-service's JWKS behind a proxy the test can cut, for a service that verifies bearers
 * with quarkus-oidc: a {@link FakeJwks} and a {@link TcpProxy} in front of it, and the service's
 * {@code quarkus.oidc.*} pointed at the proxy instead of the fixed test public key. The proxy
 * starts <b>cut</b>, as identity-service not up yet when the service starts; {@link #identityUp()}
 * and {@link #identityDown()} switch it. Tokens signed with {@link TestTokens}' key verify once
 * it is up. Use from a {@code QuarkusTestProfile}'s {@code testResources()}.
 */
public class IdentityJwksResource implements QuarkusTestResourceLifecycleManager {

    private static volatile FakeJwks jwks;
    private static volatile TcpProxy proxy;

    @Override
    public Map<String, String> start() {
        jwks = FakeJwks.start();
        try {
            proxy = new TcpProxy("127.0.0.1", jwks.port()).open();
            proxy.cut();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "quarkus.oidc.auth-server-url", "http://127.0.0.1:" + proxy.port(),
                "quarkus.oidc.jwks-path", FakeJwks.PATH,
                "quarkus.oidc.public-key", "");
    }

    public static FakeJwks jwks() {
        return jwks;
    }

    /** identity-service answers again (same port). */
    public static void identityUp() {
        try {
            proxy.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** identity-service unreachable: connections refused, open ones dropped. */
    public static void identityDown() {
        try {
            proxy.cut();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        try {
            if (proxy != null) {
                proxy.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        if (jwks != null) {
            jwks.close();
        }
    }
}
