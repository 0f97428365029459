package dev.threshold.identity.support;

import dev.threshold.testing.Keycloak;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real Keycloak (org.keycloak:keycloak-quarkus-dist, unpacked into target/keycloak by the pom)
 * in dev mode on a free port, with the realms of src/test/resources/sso: threshold-test-realm.json (a
 * confidential client and users with verified and unverified emails) and threshold-interop-realm.json
 * (providers that behave like Microsoft Entra ID, or send the email only from userinfo). Keycloak needs Java 21+: the
 * JDK is {@code -Dsso-test.keycloak-java-home}, else $KEYCLOAK_JAVA_HOME, else the first
 * /usr/lib/jvm/temurin-2x. {@code -Dsso-test.keycloak-url=http://127.0.0.1:PORT} uses one that
 * already runs (with those realms) instead, for quick local iterations.
 */
public class KeycloakTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String REALM = "threshold-test";
    public static final String CLIENT_ID = "threshold-identity";
    public static final String CLIENT_SECRET = "test-client-secret-0123456789";
    /**
     * The second realm: providers as organizations run them, not as Keycloak does by default. Its
     * {@code email} scope puts {@code email}/{@code email_verified} only into userinfo; client
     * {@link #ENTRA_CLIENT_ID} adds the address as {@code upn} (a user attribute) to the ID token,
     * as Microsoft Entra ID does, client {@link #USERINFO_CLIENT_ID} nothing else.
     */
    public static final String INTEROP_REALM = "threshold-interop";
    public static final String ENTRA_CLIENT_ID = "entra-like";
    public static final String ENTRA_CLIENT_SECRET = "entra-like-secret-0123456789";
    public static final String USERINFO_CLIENT_ID = "userinfo-only";
    public static final String USERINFO_CLIENT_SECRET = "userinfo-only-secret-0123456789";
    private static final List<String> REALM_FILES = List.of("threshold-test-realm.json", "threshold-interop-realm.json");
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);

    /**
     * One Keycloak per test JVM: the classes that use this resource (SsoTest, SsoInteropTest) restart
     * Quarkus between them, each time in a new class loader, but not Keycloak, which takes minutes to
     * start on a busy machine. Its address and process id are kept in these system properties (shared
     * by all class loaders; not under {@code threshold.}, which Quarkus' config validation owns); it
     * is stopped when the JVM exits.
     */
    private static final String SHARED_URL = "sso-test.shared-keycloak-url";
    private static final String SHARED_PID = "sso-test.shared-keycloak-pid";

    @Override
    public Map<String, String> start() {
        String external = System.getProperty("sso-test.keycloak-url");
        if (external != null && !external.isBlank()) {
            return config(external);
        }
        synchronized (System.getProperties()) {
            String url = System.getProperty(SHARED_URL);
            String pid = System.getProperty(SHARED_PID);
            if (url == null || pid == null
                    || !ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false)) {
                Keycloak keycloak = startKeycloak();
                url = keycloak.url();
                long started = keycloak.pid();
                System.setProperty(SHARED_URL, url);
                System.setProperty(SHARED_PID, Long.toString(started));
                Runtime.getRuntime().addShutdownHook(new Thread(() -> Keycloak.stop(started), "keycloak-stop"));
            }
            return config(url);
        }
    }

    private static Keycloak startKeycloak() {
        List<Path> realms = new ArrayList<>();
        for (String file : REALM_FILES) {
            try {
                realms.add(Path.of(KeycloakTestResource.class.getResource("/sso/" + file).toURI()));
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        Path home = distribution();
        long started = System.nanoTime();
        Keycloak keycloak = Keycloak.start(home, realms, REALM,
                Keycloak.javaHome(System.getProperty("sso-test.keycloak-java-home", System.getenv("KEYCLOAK_JAVA_HOME"))),
                READY_TIMEOUT);
        System.out.printf("Keycloak %s ready at %s after %.1f s (log: %s)%n", home.getFileName(), keycloak.url(),
                (System.nanoTime() - started) / 1e9, Keycloak.log(home));
        return keycloak;
    }

    private static Map<String, String> config(String url) {
        return Map.of("sso-test.keycloak-issuer", url + "/realms/" + REALM,
                "sso-test.keycloak-interop-issuer", url + "/realms/" + INTEROP_REALM);
    }

    /** Keycloak stays up for the next class of this JVM (see {@link #SHARED_URL}). */
    @Override
    public void stop() {
    }

    private static Path distribution() {
        Path unpacked = Path.of("target", "keycloak");
        try (Stream<Path> dirs = Files.list(unpacked)) {
            return dirs.filter(dir -> dir.getFileName().toString().startsWith("keycloak-") && Files.isDirectory(dir))
                    .findFirst().orElseThrow(() -> new IllegalStateException(
                            "no Keycloak in target/keycloak: run through Maven (the pom unpacks keycloak-quarkus-dist)"))
                    .toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
