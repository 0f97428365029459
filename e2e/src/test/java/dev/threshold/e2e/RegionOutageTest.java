package dev.threshold.e2e;

import static dev.threshold.e2e.E2e.assertProblem;
import static dev.threshold.e2e.E2e.gateway;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.restassured.response.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * One region's service process dies: the gateway answers 503 region_unavailable fast for that
 * region, the other region keeps working, and ./threshold up (--no-build) brings back exactly that
 * process.
 * Destructive (kills a process of ./threshold up), so it runs last. Skipped when the system was
 * not started by ./threshold in this checkout, or with -Dthreshold.e2e.outage=false.
 */
@Order(Integer.MAX_VALUE)
@DisplayName("region outage: 503 region_unavailable, other region unaffected, ./threshold up heals")
class RegionOutageTest {

    private static final String VICTIM = E2e.Service.MFA.process("us-east-1");
    private static final Duration FAST = Duration.ofSeconds(1);

    @Test
    void oneRegionDownOtherRegionUp() throws Exception {
        assumeTrue(Boolean.parseBoolean(System.getProperty("threshold.e2e.outage", "true")),
                "threshold.e2e.outage=false");
        Path runDir = E2e.ROOT.resolve(".threshold/run");
        Path pidFile = runDir.resolve(VICTIM + ".pid");
        assumeTrue(Files.isRegularFile(pidFile), "no " + pidFile + ": system not started by ./threshold");
        long victimPid = readPid(pidFile);
        ProcessHandle victim = ProcessHandle.of(victimPid).orElse(null);
        assumeTrue(victim != null && victim.isAlive(), VICTIM + " (pid " + victimPid + ") is not running");

        Map<String, Long> othersBefore = pidsExcept(runDir, VICTIM);
        assertServiceUp(E2e.Service.MFA, "us-east-1");

        boolean healed = false;
        try {
            // a crash, not a graceful shutdown
            victim.destroyForcibly();
            assertThat(victim.onExit().get(15, TimeUnit.SECONDS).isAlive()).isFalse();

            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                Response r = gateway().header("X-Region", "us-east-1").get(E2e.Service.MFA.serviceInfo());
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                assertProblem(r, 503, "region_unavailable");
                assertThat(took).as("503 must come fast (attempt %d)", i + 1).isLessThan(FAST);
            }
            // the other region and the other services of the same region are unaffected
            assertServiceUp(E2e.Service.MFA, "eu-central-1");
            assertServiceUp(E2e.Service.IDENTITY, "us-east-1");
            assertServiceUp(E2e.Service.INVITATION, "us-east-1");

            String output = thresholdUp();
            healed = true;
            assertThat(startedProcesses(output)).as("processes started by ./threshold up")
                    .containsExactly(VICTIM);
            assertServiceUp(E2e.Service.MFA, "us-east-1");
            assertThat(pidsExcept(runDir, VICTIM)).as("./threshold up restarted only " + VICTIM)
                    .isEqualTo(othersBefore);
            assertThat(readPid(pidFile)).isNotEqualTo(victimPid);
        } finally {
            if (!healed) {
                thresholdUp(); // leave the system as we found it
            }
        }
    }

    private static void assertServiceUp(E2e.Service service, String region) {
        Response r = gateway().header("X-Region", region).get(service.serviceInfo());
        RegionRoutingTest.assertServiceInfo(r, service, region);
    }

    private static String thresholdUp() throws IOException, InterruptedException {
        Path log = Files.createTempFile("threshold-up", ".log");
        // --no-build: the jars the system runs are the ones under test; never rebuild under running JVMs
        Process p = new ProcessBuilder(E2e.ROOT.resolve("threshold").toString(), "up", "--no-build")
                .directory(E2e.ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean done = p.waitFor(5, TimeUnit.MINUTES);
        if (!done) {
            p.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        System.out.println("--- ./threshold up ---\n" + output);
        assertThat(done).as("./threshold up finished within 5 minutes").isTrue();
        assertThat(p.exitValue()).as("./threshold up exit code; output:\n%s", output).isZero();
        return output;
    }

    /** Names from the lines "    NAME   started  (pid N, ...)" that ./threshold prints. */
    private static List<String> startedProcesses(String output) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\s+(\\S+)\\s+started\\s+\\(pid ").matcher(output);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static long readPid(Path pidFile) throws IOException {
        return Long.parseLong(Files.readString(pidFile).trim());
    }

    private static Map<String, Long> pidsExcept(Path runDir, String except) throws IOException {
        Map<String, Long> pids = new HashMap<>();
        try (Stream<Path> files = Files.list(runDir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (name.endsWith(".pid") && !name.equals(except + ".pid")) {
                    pids.put(name, readPid(f));
                }
            }
        }
        return pids;
    }
}
