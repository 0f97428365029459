package dev.threshold.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The processes of {@code ./threshold up} and the shared servers, for the fault tests: read pids,
 * kill a process the hard way, run {@code ./threshold} sub-commands, stop and start Postgres and
 * RabbitMQ. A test that stops something restores it in a {@code finally}.
 */
final class Processes {

    static final Path RUN_DIR = E2e.ROOT.resolve(".threshold/run");

    private Processes() {
    }

    /** Whether the running system was started by ./threshold in this checkout (else fault tests skip). */
    static boolean managedHere(String name) {
        return pid(name).flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false);
    }

    static Optional<Long> pid(String name) {
        Path file = RUN_DIR.resolve(name + ".pid");
        try {
            return Files.isRegularFile(file) ? Optional.of(Long.parseLong(Files.readString(file).trim())) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL, as a crash or an OOM kill would end it; returns once it is gone. */
    static void killHard(String name) throws Exception {
        ProcessHandle victim = ProcessHandle.of(pid(name).orElseThrow()).orElseThrow();
        victim.destroyForcibly();
        assertThat(victim.onExit().get(15, TimeUnit.SECONDS).isAlive()).isFalse();
    }

    static Map<String, Long> pids() {
        Map<String, Long> pids = new HashMap<>();
        try (Stream<Path> files = Files.list(RUN_DIR)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (name.endsWith(".pid")) {
                    pids.put(name.substring(0, name.length() - 4), Long.parseLong(Files.readString(f).trim()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pids;
    }

    /** {@code ./threshold up --no-build}: the jars under test, never a rebuild under running JVMs. */
    static String thresholdUp() {
        return threshold("up", "--no-build");
    }

    static String threshold(String... args) {
        List<String> command = new ArrayList<>();
        command.add(E2e.ROOT.resolve("threshold").toString());
        command.addAll(List.of(args));
        return run(command, E2e.ROOT.toFile());
    }

    /** Names from the lines "    NAME   started  (pid N, ...)" that ./threshold prints. */
    static List<String> started(String output) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\s+(\\S+)\\s+started\\s+\\(pid ").matcher(output);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** {@code rabbitmqctl stop_app}: the listeners close, clients see the broker gone (the node stays up). */
    static void stopBroker() {
        run(List.of("rabbitmqctl", "-q", "stop_app"), null);
    }

    /** {@code rabbitmqctl start_app}, then waits until the broker accepts clients again. */
    static void startBroker() {
        run(List.of("rabbitmqctl", "-q", "start_app"), null);
        run(List.of("rabbitmqctl", "-q", "await_startup"), null);
    }

    /** Keeps an outage going for this long: the scenario's length, not a wait for a fact. */
    static void hold(java.time.Duration duration) {
        org.awaitility.Awaitility.await().pollDelay(duration).atMost(duration.plusSeconds(1)).until(() -> true);
    }

    /** {@code pg_ctlcluster <version> main restart -m fast}, the way an operator restarts Postgres. */
    static void restartPostgres() {
        String version = run(List.of("bash", "-c", "ls /etc/postgresql | sort -V | tail -1"), null).trim();
        run(List.of("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart", "-m", "fast"), null);
    }

    private static String run(List<String> command, java.io.File directory) {
        try {
            Path log = Files.createTempFile("threshold-e2e", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            if (directory != null) {
                builder.directory(directory);
            }
            Process p = builder.start();
            boolean done = p.waitFor(5, TimeUnit.MINUTES);
            if (!done) {
                p.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            System.out.println("--- " + String.join(" ", command) + " ---\n" + output);
            assertThat(done).as("%s finished within 5 minutes", command).isTrue();
            assertThat(p.exitValue()).as("%s exit code; output:\n%s", command, output).isZero();
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
