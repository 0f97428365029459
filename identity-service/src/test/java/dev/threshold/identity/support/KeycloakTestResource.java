package dev.threshold.identity.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

    private static Process process;

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
                url = startKeycloak();
                long started = process.pid();
                System.setProperty(SHARED_URL, url);
                System.setProperty(SHARED_PID, Long.toString(started));
                Runtime.getRuntime().addShutdownHook(new Thread(() -> stopKeycloak(started), "keycloak-stop"));
            }
            return config(url);
        }
    }

    private static String startKeycloak() {
        try {
            Path home = distribution();
            Path data = home.resolve("data");
            deleteTree(data);
            Files.createDirectories(data.resolve("import"));
            for (String file : REALM_FILES) {
                try (var realm = KeycloakTestResource.class.getResourceAsStream("/sso/" + file)) {
                    Files.copy(realm, data.resolve("import/" + file), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            int port = freePort();
            int management = freePort();
            String url = "http://127.0.0.1:" + port;
            ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-port=" + port, "--http-management-port=" + management, "--http-host=127.0.0.1",
                    "--hostname=" + url, "--import-realm", "--cache=local")
                    .redirectErrorStream(true)
                    .redirectOutput(home.getParent().resolve("keycloak.log").toFile());
            builder.environment().put("JAVA_HOME", javaHome());
            builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
            long started = System.nanoTime();
            process = builder.start();
            awaitReady(url);
            System.out.printf("Keycloak %s ready at %s after %.1f s (log: %s)%n", home.getFileName(), url,
                    (System.nanoTime() - started) / 1e9, home.getParent().resolve("keycloak.log"));
            return url;
        } catch (IOException | RuntimeException e) {
            // not ready (or not started): nothing is left running
            if (process != null) {
                stopKeycloak(process.pid());
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    private static Map<String, String> config(String url) {
        return Map.of("sso-test.keycloak-issuer", url + "/realms/" + REALM,
                "sso-test.keycloak-interop-issuer", url + "/realms/" + INTEROP_REALM);
    }

    /** Keycloak stays up for the next class of this JVM (see {@link #SHARED_URL}). */
    @Override
    public void stop() {
    }

    private static void stopKeycloak(long pid) {
        ProcessHandle root = ProcessHandle.of(pid).orElse(null);
        if (root == null) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.add(root);
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
    }

    private static void awaitReady(String url) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(url + "/realms/" + REALM + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + ", see target/keycloak/keycloak.log");
            }
            try {
                if (client.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("Keycloak not ready after " + READY_TIMEOUT + ", see target/keycloak/keycloak.log");
    }

    private static Path distribution() throws IOException {
        Path unpacked = Path.of("target", "keycloak");
        try (Stream<Path> dirs = Files.list(unpacked)) {
            return dirs.filter(dir -> dir.getFileName().toString().startsWith("keycloak-") && Files.isDirectory(dir))
                    .findFirst().orElseThrow(() -> new IllegalStateException(
                            "no Keycloak in target/keycloak: run through Maven (the pom unpacks keycloak-quarkus-dist)"))
                    .toAbsolutePath();
        }
    }

    private static String javaHome() {
        String configured = System.getProperty("sso-test.keycloak-java-home", System.getenv("KEYCLOAK_JAVA_HOME"));
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        if (Runtime.version().feature() >= 21) {
            return System.getProperty("java.home");
        }
        try (Stream<Path> jdks = Files.list(Path.of("/usr/lib/jvm"))) {
            return jdks.filter(jdk -> jdk.getFileName().toString().matches("temurin-(2[1-9]|[3-9]\\d).*"))
                    .filter(jdk -> Files.isExecutable(jdk.resolve("bin/java")))
                    .max(Comparator.naturalOrder()).map(Path::toString)
                    .orElseThrow(() -> new IllegalStateException("Keycloak needs Java 21+: set KEYCLOAK_JAVA_HOME"));
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak needs Java 21+: set KEYCLOAK_JAVA_HOME", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
