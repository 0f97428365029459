package dev.threshold.deploy;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A deployable kustomization: a region overlay (deploy/k8s/regions/&lt;code&gt;), the gateway
 * overlay (deploy/k8s/gateway), or a variant this test builds from a region overlay plus an
 * optional component (so that optional components are rendered and checked too).
 */
record Overlay(String name, Path dir, String namespace, String region) {

    static final String GATEWAY_NAMESPACE = "threshold-gateway";

    boolean isRegion() {
        return region != null;
    }

    List<JsonNode> objects() {
        return Kustomize.render(dir);
    }

    @Override
    public String toString() {
        return name;
    }

    /** Region codes: one per folder deploy/k8s/regions/&lt;code&gt; with a kustomization.yaml. */
    static List<String> regionCodes() {
        Path regions = Kustomize.k8sDir().resolve("regions");
        try (Stream<Path> dirs = Files.list(regions)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("kustomization.yaml")))
                    .map(d -> d.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Overlay> regions() {
        return regionCodes().stream()
                .map(code -> new Overlay("regions/" + code, Kustomize.k8sDir().resolve("regions").resolve(code),
                        "threshold-" + code, code))
                .toList();
    }

    static Overlay gateway() {
        return new Overlay("gateway", Kustomize.k8sDir().resolve("gateway"), GATEWAY_NAMESPACE, null);
    }

    /** Each region overlay with the optional external-secrets component switched on. */
    static List<Overlay> externalSecretsVariants() {
        List<Overlay> result = new ArrayList<>();
        for (Overlay region : regions()) {
            Path dir = Kustomize.deployDir().resolve("target/kustomize-variants")
                    .resolve(region.region() + "-with-external-secrets");
            // kustomize refuses absolute paths to bases: write them relative to the variant.
            String regionPath = dir.relativize(region.dir()).toString();
            String componentPath = dir.relativize(Kustomize.k8sDir().resolve("components/external-secrets")).toString();
            String kustomization = """
                    # Written by Overlay.java (deploy tests): %s with the optional external-secrets component.
                    apiVersion: kustomize.config.k8s.io/v1beta1
                    kind: Kustomization
                    namespace: %s
                    resources:
                      - %s
                    components:
                      - %s
                    """.formatted(region.name(), region.namespace(), regionPath, componentPath);
            try {
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("kustomization.yaml"), kustomization);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            result.add(new Overlay(region.name() + "+external-secrets", dir, region.namespace(), region.region()));
        }
        return result;
    }

    static List<Overlay> all() {
        List<Overlay> all = new ArrayList<>(regions());
        all.add(gateway());
        all.addAll(externalSecretsVariants());
        return all;
    }
}
