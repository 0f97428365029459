package dev.threshold.testing;

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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Keycloak for SSO tests: an unpacked {@code org.keycloak:keycloak-quarkus-dist} started in
 * dev mode as a child process on free loopback ports, with realm files imported, its output in
 * {@code keycloak.log} beside the distribution. Keycloak needs Java 21+ ({@link #javaHome}).
 */
public final class Keycloak {

    private final Process process;
    private final String url;

    private Keycloak(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    /**
     * Starts Keycloak from {@code home} (the unpacked distribution, its {@code data} folder is
     * replaced) with {@code realmFiles} imported, and returns once {@code probeRealm}'s discovery
     * document answers; if it does not within {@code readyTimeout}, nothing is left running.
     */
    public static Keycloak start(Path home, List<Path> realmFiles, String probeRealm, String javaHome, Duration readyTimeout) {
        Process process = null;
        try {
            Path data = home.resolve("data");
            deleteTree(data);
            Files.createDirectories(data.resolve("import"));
            for (Path realm : realmFiles) {
                Files.copy(realm, data.resolve("import").resolve(realm.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            String url = "http://127.0.0.1:" + freePort();
            ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-port=" + URI.create(url).getPort(), "--http-management-port=" + freePort(),
                    "--http-host=127.0.0.1", "--hostname=" + url, "--import-realm", "--cache=local")
                    .redirectErrorStream(true)
                    .redirectOutput(log(home).toFile());
            builder.environment().put("JAVA_HOME", javaHome);
            builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
            process = builder.start();
            awaitReady(process, url + "/realms/" + probeRealm + "/.well-known/openid-configuration", readyTimeout, home);
            return new Keycloak(process, url);
        } catch (IOException | RuntimeException e) {
            if (process != null) {
                stop(process.pid());
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** Its base address, {@code http://127.0.0.1:<port>}; realms are below {@code /realms/<name>}. */
    public String url() {
        return url;
    }

    public long pid() {
        return process.pid();
    }

    public void stop() {
        stop(process.pid());
    }

    /** Stops the Keycloak of that process id and its children (30 s each, then forcibly). */
    public static void stop(long pid) {
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

    /**
     * A JDK that can run Keycloak: {@code configured} (a setting or $KEYCLOAK_JAVA_HOME) when
     * given, else this JVM's when it is 21 or newer, else the newest /usr/lib/jvm/temurin-2x.
     */
    public static String javaHome(String configured) {
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

    /** Where the process's output goes: {@code keycloak.log} beside the distribution's folder. */
    public static Path log(Path home) {
        return home.toAbsolutePath().getParent().resolve("keycloak.log");
    }

    /** Polls the discovery document (a child process has no event to wait for). */
    private static void awaitReady(Process process, String probe, Duration timeout, Path home) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(probe)).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + ", see " + log(home));
            }
            try {
                if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
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
        throw new IllegalStateException("Keycloak not ready after " + timeout + ", see " + log(home));
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
