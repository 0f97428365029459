package dev.threshold.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.threshold.deploy.NetworkPolicyModel.Endpoint;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Renders every overlay of deploy/k8s with {@code kubectl kustomize} and checks the rendered
 * objects: what a reviewer would otherwise check by eye before a deployment. Needs kubectl (see
 * {@link Kustomize}), no cluster.
 */
class KustomizeOverlaysTest {

    /** Every process's Quarkus management interface (/q/health, /q/metrics): probes and Prometheus only. */
    private static final int MANAGEMENT_PORT = 9000;
    private static final Pattern CIDR = Pattern.compile(
            "^(\\d{1,3}(\\.\\d{1,3}){3}/(\\d|[12]\\d|3[0-2])|[0-9a-f:]*:[0-9a-f:]*/(\\d|[1-9]\\d|1[01]\\d|12[0-8]))$");

    /** The three region services and the gateway: every Deployment Threshold ships. */
    private static final Set<String> REGION_SERVICES = Set.of("identity-service", "mfa-service", "invitation-service");
    private static final Pattern SECRET_LIKE_NAME = Pattern.compile("PASSWORD|SECRET|TOKEN|KEY", Pattern.CASE_INSENSITIVE);
    /** Names that point at a mounted file/folder rather than holding a value. */
    private static final Pattern POINTER_NAME = Pattern.compile("_(DIR|FILE|PATH|LOCATIONS)$");
    /** What each region service reads besides the shared database/broker settings. */
    private static final Map<String, Set<String>> REQUIRED_ENV = Map.of(
            "identity-service", Set.of("THRESHOLD_REGION", "THRESHOLD_PUBLIC_BASE_URL", "THRESHOLD_DB_USER",
                    "THRESHOLD_DB_PASSWORD", "THRESHOLD_RABBITMQ_USER", "THRESHOLD_RABBITMQ_PASSWORD",
                    "THRESHOLD_OPERATOR_TOKEN", "THRESHOLD_INTERNAL_TOKEN", "THRESHOLD_INVITATION_URL",
                    "THRESHOLD_MFA_URL", "THRESHOLD_KEY_ENCRYPTION_KEY", "THRESHOLD_MFA_PROOF_VERIFY_KEY",
                    "THRESHOLD_TRUSTED_PROXIES"),
            "mfa-service", Set.of("THRESHOLD_REGION", "THRESHOLD_PUBLIC_BASE_URL", "THRESHOLD_DB_USER",
                    "THRESHOLD_DB_PASSWORD", "THRESHOLD_RABBITMQ_USER", "THRESHOLD_RABBITMQ_PASSWORD",
                    "THRESHOLD_IDENTITY_URL", "THRESHOLD_INTERNAL_TOKEN", "THRESHOLD_MFA_ENCRYPTION_KEY",
                    "THRESHOLD_MFA_ENCRYPTION_KEY_ID",
                    "THRESHOLD_MFA_ENCRYPTION_PREVIOUS_KEYS", "THRESHOLD_MFA_PROOF_SIGNING_KEY",
                    "THRESHOLD_MFA_PROOF_KEY_ID"),
            "invitation-service", Set.of("THRESHOLD_REGION", "THRESHOLD_PUBLIC_BASE_URL", "THRESHOLD_DB_USER",
                    "THRESHOLD_DB_PASSWORD", "THRESHOLD_RABBITMQ_USER", "THRESHOLD_RABBITMQ_PASSWORD",
                    "THRESHOLD_IDENTITY_URL", "THRESHOLD_INTERNAL_TOKEN", "THRESHOLD_SMTP_HOST",
                    "QUARKUS_MAILER_USERNAME", "QUARKUS_MAILER_PASSWORD"));
    /** Service-to-service URLs: variable -> the Service (same namespace) it must name. */
    private static final Map<String, Map<String, String>> SERVICE_URLS = Map.of(
            "identity-service", Map.of("THRESHOLD_INVITATION_URL", "invitation-service", "THRESHOLD_MFA_URL",
                    "mfa-service"),
            "mfa-service", Map.of("THRESHOLD_IDENTITY_URL", "identity-service"),
            "invitation-service", Map.of("THRESHOLD_IDENTITY_URL", "identity-service"));
    /** secretKeyRefs the services can do without (they have a default). */
    private static final Set<String> OPTIONAL_SECRET_ENV = Set.of("THRESHOLD_MFA_ENCRYPTION_PREVIOUS_KEYS");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "ClusterSecretStore", "ClusterIssuer", "CustomResourceDefinition");

    static List<Overlay> overlays() {
        return Overlay.all();
    }

    static List<Overlay> deployableOverlays() {
        List<Overlay> list = new ArrayList<>(Overlay.regions());
        list.add(Overlay.gateway());
        return list;
    }

    static List<Overlay> regions() {
        return Overlay.regions();
    }

    // ---------------------------------------------------------------- rendering

    @Test
    void thereAreRegionOverlaysAndAGatewayOverlay() {
        assertThat(Overlay.regionCodes()).as("region overlays in deploy/k8s/regions")
                .contains("us-east-1", "eu-central-1");
        assertThat(Overlay.gateway().dir().resolve("kustomization.yaml")).isRegularFile();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyOverlayRendersIntoNamedObjectsInItsNamespace(Overlay overlay) {
        List<JsonNode> objects = overlay.objects();
        assertThat(objects).as("objects rendered by %s", overlay).isNotEmpty();
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode o : objects) {
            String id = kind(o) + "/" + name(o);
            if (o.path("apiVersion").asText().isBlank() || kind(o).isBlank() || name(o).isBlank()) {
                problems.add("object without apiVersion/kind/name: " + o);
            }
            if (!seen.add(id + "@" + o.at("/metadata/namespace").asText())) {
                problems.add("duplicate " + id);
            }
            String namespace = o.at("/metadata/namespace").asText();
            if (CLUSTER_SCOPED.contains(kind(o))) {
                if (kind(o).equals("Namespace") && !name(o).equals(overlay.namespace())) {
                    problems.add("namespace " + name(o) + " instead of " + overlay.namespace());
                }
            } else if (!overlay.namespace().equals(namespace)) {
                problems.add(id + " is in namespace '" + namespace + "', not " + overlay.namespace());
            }
        }
        assertThat(problems).as("rendered objects of %s", overlay).isEmpty();
        assertThat(ofKind(objects, "Namespace")).as("a Namespace object in %s", overlay).hasSize(1);
    }

    // ---------------------------------------------------------------- workloads

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployableOverlays")
    void everyDeploymentProbesTheQuarkusHealthEndpointsOnTheManagementPort(Overlay overlay) {
        List<String> problems = new ArrayList<>();
        for (JsonNode deployment : deployments(overlay)) {
            for (JsonNode c : containers(deployment)) {
                String where = name(deployment) + "/" + c.path("name").asText();
                Map<String, String> expected = Map.of(
                        "startupProbe", "/q/health/started",
                        "readinessProbe", "/q/health/ready",
                        "livenessProbe", "/q/health/live");
                expected.forEach((probe, path) -> {
                    JsonNode get = c.path(probe).path("httpGet");
                    if (!path.equals(get.path("path").asText())) {
                        problems.add(where + " " + probe + " path is '" + get.path("path").asText() + "', not " + path);
                    }
                    if (containerPortOf(c, get.path("port")) != MANAGEMENT_PORT) {
                        problems.add(where + " " + probe + " does not probe the management port " + MANAGEMENT_PORT);
                    }
                });
                check(problems, containerPortOf(c, TextNode.valueOf("http")) == 8080, where + ": container port http 8080");
                check(problems, containerPortOf(c, TextNode.valueOf("management")) == MANAGEMENT_PORT,
                        where + ": container port management " + MANAGEMENT_PORT);
                check(problems, String.valueOf(MANAGEMENT_PORT).equals(
                        valueOf(effectiveEnv(overlay, deployment), "QUARKUS_MANAGEMENT_PORT")),
                        where + ": QUARKUS_MANAGEMENT_PORT=" + MANAGEMENT_PORT + " (the port the probes use)");
            }
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployableOverlays")
    void everyDeploymentRequestsAndLimitsTheResourcesOfTheSizingComponent(Overlay overlay) throws IOException {
        JsonNode sizing = Kustomize.YAML.readTree(
                Files.readString(Kustomize.k8sDir().resolve("components/sizing/resources.yaml"))).get(0).path("value");
        assertThat(sizing.at("/requests/memory").asText()).as("sizing: requests memory").isEqualTo("320Mi");
        assertThat(sizing.at("/requests/cpu").asText()).as("sizing: requests cpu").isEqualTo("250m");
        assertThat(sizing.at("/limits/memory").asText()).as("sizing: limits memory").isEqualTo("512Mi");
        assertThat(sizing.at("/limits/cpu").asText("1")).as("sizing: no CPU limit, or 1").isIn("1", "1000m");

        List<String> problems = new ArrayList<>();
        for (JsonNode deployment : deployments(overlay)) {
            for (JsonNode c : containers(deployment)) {
                JsonNode resources = c.path("resources");
                for (String field : List.of("/requests/cpu", "/requests/memory", "/limits/memory")) {
                    if (resources.at(field).asText().isBlank()) {
                        problems.add(name(deployment) + " has no resources" + field.replace('/', '.'));
                    }
                }
                if (!resources.equals(sizing)) {
                    problems.add(name(deployment) + " resources " + resources + " differ from components/sizing " + sizing);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployableOverlays")
    void everyPodRunsNonRootWithAReadOnlyRootAndNoCapabilities(Overlay overlay) {
        List<String> problems = new ArrayList<>();
        for (JsonNode deployment : deployments(overlay)) {
            JsonNode pod = deployment.at("/spec/template/spec");
            String d = name(deployment);
            check(problems, pod.at("/securityContext/runAsNonRoot").asBoolean(false), d + ": pod runAsNonRoot");
            check(problems, pod.at("/securityContext/runAsUser").asInt(0) > 0, d + ": pod runAsUser not root");
            check(problems, "RuntimeDefault".equals(pod.at("/securityContext/seccompProfile/type").asText()),
                    d + ": pod seccompProfile RuntimeDefault");
            check(problems, !pod.path("automountServiceAccountToken").asBoolean(true),
                    d + ": automountServiceAccountToken false");
            check(problems, !pod.path("hostNetwork").asBoolean(false) && !pod.path("hostPID").asBoolean(false),
                    d + ": no host namespaces");
            Map<String, JsonNode> volumes = new HashMap<>();
            pod.path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
            for (JsonNode c : containers(deployment)) {
                JsonNode sc = c.path("securityContext");
                String w = d + "/" + c.path("name").asText();
                check(problems, !sc.path("allowPrivilegeEscalation").asBoolean(true), w + ": allowPrivilegeEscalation false");
                check(problems, sc.path("readOnlyRootFilesystem").asBoolean(false), w + ": readOnlyRootFilesystem");
                check(problems, !sc.path("privileged").asBoolean(false), w + ": not privileged");
                check(problems, textsOf(sc.at("/capabilities/drop")).contains("ALL"), w + ": capabilities drop ALL");
                check(problems, textsOf(sc.at("/capabilities/add")).isEmpty(), w + ": no capabilities added");
                check(problems, sc.path("runAsUser").asInt(1) != 0, w + ": not runAsUser 0");
                boolean tmp = false;
                for (JsonNode m : c.path("volumeMounts")) {
                    if ("/tmp".equals(m.path("mountPath").asText())
                            && volumes.getOrDefault(m.path("name").asText(), Kustomize.YAML.nullNode()).has("emptyDir")) {
                        tmp = true;
                    }
                }
                check(problems, tmp, w + ": /tmp is an emptyDir (the root filesystem is read-only)");
            }
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployableOverlays")
    void everyDeploymentSpreadsOverZonesAndLeavesReplicasToItsAutoscaler(Overlay overlay) {
        List<String> problems = new ArrayList<>();
        for (JsonNode deployment : deployments(overlay)) {
            Map<String, String> podLabels = podLabels(deployment);
            boolean zones = false;
            for (JsonNode c : deployment.at("/spec/template/spec/topologySpreadConstraints")) {
                if ("topology.kubernetes.io/zone".equals(c.path("topologyKey").asText())
                        && NetworkPolicyModel.selects(c.path("labelSelector"), podLabels)) {
                    zones = true;
                }
            }
            check(problems, zones, name(deployment) + ": topologySpreadConstraints over topology.kubernetes.io/zone"
                    + " selecting its own pods");
            check(problems, !deployment.at("/spec").has("replicas"),
                    name(deployment) + ": no spec.replicas (the HPA owns the count)");
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployableOverlays")
    void everyDeploymentHasAPodDisruptionBudgetAndAHorizontalPodAutoscaler(Overlay overlay) {
        List<JsonNode> objects = overlay.objects();
        List<String> problems = new ArrayList<>();
        for (JsonNode deployment : deployments(overlay)) {
            String d = name(deployment);
            Map<String, String> labels = podLabels(deployment);
            List<JsonNode> pdbs = ofKind(objects, "PodDisruptionBudget").stream()
                    .filter(p -> NetworkPolicyModel.selects(p.at("/spec/selector"), labels)).toList();
            check(problems, pdbs.size() == 1, d + ": exactly one PodDisruptionBudget selecting its pods, found "
                    + pdbs.size());
            pdbs.forEach(p -> check(problems, p.at("/spec/maxUnavailable").asInt(0) >= 1
                    || p.at("/spec/minAvailable").isTextual() || p.at("/spec/minAvailable").asInt(0) >= 1,
                    d + ": its PDB allows or guarantees something"));
            List<JsonNode> hpas = ofKind(objects, "HorizontalPodAutoscaler").stream()
                    .filter(h -> "Deployment".equals(h.at("/spec/scaleTargetRef/kind").asText())
                            && d.equals(h.at("/spec/scaleTargetRef/name").asText()))
                    .toList();
            check(problems, hpas.size() == 1, d + ": exactly one HorizontalPodAutoscaler, found " + hpas.size());
            hpas.forEach(h -> {
                check(problems, h.path("apiVersion").asText().equals("autoscaling/v2"), d + ": HPA autoscaling/v2");
                check(problems, h.at("/spec/minReplicas").asInt(1) >= 2,
                        d + ": HPA minReplicas >= 2 (a PDB with one replica blocks node drains)");
                check(problems, h.at("/spec/maxReplicas").asInt() > h.at("/spec/minReplicas").asInt(1),
                        d + ": HPA maxReplicas > minReplicas");
            });
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployableOverlays")
    void everyDeploymentHasAServiceOn8080AndAServiceMonitorOnTheManagementPort(Overlay overlay) {
        List<JsonNode> objects = overlay.objects();
        List<String> problems = new ArrayList<>();
        for (JsonNode deployment : deployments(overlay)) {
            String d = name(deployment);
            Map<String, String> podLabels = podLabels(deployment);
            List<JsonNode> services = ofKind(objects, "Service").stream()
                    .filter(s -> s.at("/spec/selector").isObject()
                            && podLabels.entrySet().containsAll(NetworkPolicyModel.labelsOf(s.at("/spec/selector")).entrySet()))
                    .toList();
            check(problems, services.size() == 1 && name(services.get(0)).equals(d),
                    d + ": one Service named like it selecting its pods");
            for (JsonNode service : services) {
                boolean http = false;
                boolean management = false;
                for (JsonNode port : service.at("/spec/ports")) {
                    http |= port.path("port").asInt() == 8080 && "http".equals(port.path("name").asText());
                    management |= port.path("port").asInt() == MANAGEMENT_PORT
                            && "management".equals(port.path("name").asText())
                            && "management".equals(port.path("targetPort").asText());
                }
                check(problems, http, d + ": Service port http 8080");
                check(problems, management, d + ": Service port management " + MANAGEMENT_PORT);
                Map<String, String> serviceLabels = NetworkPolicyModel.labelsOf(service.at("/metadata/labels"));
                List<JsonNode> monitors = ofKind(objects, "ServiceMonitor").stream()
                        .filter(m -> NetworkPolicyModel.selects(m.at("/spec/selector"), serviceLabels)).toList();
                check(problems, monitors.size() == 1, d + ": one ServiceMonitor selecting its Service");
                monitors.forEach(m -> {
                    JsonNode endpoint = m.at("/spec/endpoints/0");
                    check(problems, "/q/metrics".equals(endpoint.path("path").asText())
                            && "management".equals(endpoint.path("port").asText()),
                            d + ": ServiceMonitor scrapes /q/metrics on the management port");
                });
            }
            String account = deployment.at("/spec/template/spec/serviceAccountName").asText();
            check(problems, ofKind(objects, "ServiceAccount").stream().anyMatch(a -> name(a).equals(account)
                    && !a.path("automountServiceAccountToken").asBoolean(true)),
                    d + ": its own ServiceAccount '" + account + "' with automountServiceAccountToken false");
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployableOverlays")
    void imagesAreSetByTheImagesComponentWithRegistryAndTag(Overlay overlay) {
        List<String> problems = new ArrayList<>();
        for (JsonNode deployment : deployments(overlay)) {
            for (JsonNode c : containers(deployment)) {
                String image = c.path("image").asText();
                Matcher m = Pattern.compile("^([a-z0-9.-]+\\.[a-z]+(:\\d+)?)/threshold/([a-z-]+)(:([\\w.-]+)|@sha256:[0-9a-f]{64})$")
                        .matcher(image);
                if (!m.matches()) {
                    problems.add(name(deployment) + ": image '" + image
                            + "' is not <registry>/threshold/<name>:<tag> (set by components/images)");
                } else {
                    check(problems, m.group(3).equals(name(deployment)), name(deployment) + ": image is its own, "
                            + image);
                    check(problems, !"latest".equals(m.group(5)), name(deployment) + ": no :latest tag");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyShippedServiceIsDeployed() {
        Set<String> regionDeployments = new TreeSet<>();
        Overlay.regions().forEach(r -> deployments(r).forEach(d -> regionDeployments.add(name(d))));
        assertThat(regionDeployments).isEqualTo(new TreeSet<>(REGION_SERVICES));
        assertThat(deployments(Overlay.gateway())).extracting(KustomizeOverlaysTest::name).containsExactly("gateway");
    }

    // ---------------------------------------------------------------- secrets

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void noSecretValueIsWrittenInTheManifests(Overlay overlay) {
        List<String> problems = new ArrayList<>();
        for (JsonNode o : overlay.objects()) {
            if (kind(o).equals("Secret") && (o.has("data") || o.has("stringData"))) {
                problems.add("Secret " + name(o) + " has inline data/stringData");
            }
            if (kind(o).equals("ConfigMap")) {
                o.path("data").fields().forEachRemaining(e -> {
                    if (looksSecret(e.getKey())) {
                        if (!POINTER_NAME.matcher(e.getKey()).find()) {
                            problems.add("ConfigMap " + name(o) + " has key " + e.getKey() + " (secrets belong in Secrets)");
                        } else if (!e.getValue().asText().startsWith("/")) {
                            problems.add("ConfigMap " + name(o) + " key " + e.getKey() + " should be an absolute path");
                        }
                    }
                    if (e.getKey().endsWith(".properties")) {
                        for (String line : e.getValue().asText().split("\n")) {
                            String key = line.split("=", 2)[0].strip();
                            if (!key.startsWith("#") && looksSecret(key.replace('.', '_').replace('-', '_'))) {
                                problems.add("ConfigMap " + name(o) + " file " + e.getKey() + " sets " + key);
                            }
                        }
                    }
                });
            }
            podSpec(o).ifPresent(pod -> {
                List<JsonNode> all = new ArrayList<>();
                pod.path("containers").forEach(all::add);
                pod.path("initContainers").forEach(all::add);
                for (JsonNode c : all) {
                    for (JsonNode env : c.path("env")) {
                        String var = env.path("name").asText();
                        if (!looksSecret(var)) {
                            continue;
                        }
                        if (POINTER_NAME.matcher(var).find()) {
                            if (!env.path("value").asText().startsWith("/")) {
                                problems.add(name(o) + " env " + var + " should be an absolute path");
                            }
                        } else if (env.has("value") || !env.at("/valueFrom/secretKeyRef/name").isTextual()) {
                            problems.add(name(o) + " env " + var + " must come from a Secret (valueFrom.secretKeyRef)");
                        }
                    }
                }
            });
        }
        assertThat(problems).as("secrets in %s", overlay).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("regions")
    void everySecretARegionNeedsIsProducedByTheExternalSecretsExample(Overlay region) {
        Set<String> referenced = new TreeSet<>();
        for (JsonNode o : region.objects()) {
            podSpec(o).ifPresent(pod -> {
                pod.findValues("secretKeyRef").forEach(r -> referenced.add(r.path("name").asText()));
                pod.findValues("secretRef").forEach(r -> referenced.add(r.path("name").asText()));
                pod.path("volumes").forEach(v -> {
                    if (v.has("secret")) {
                        referenced.add(v.at("/secret/secretName").asText());
                    }
                });
            });
            switch (kind(o)) {
                case "Cluster" -> o.at("/spec/managed/roles").forEach(r -> referenced.add(r.at("/passwordSecret/name").asText()));
                case "ObjectStore" -> o.at("/spec/configuration").findValues("name").forEach(n -> referenced.add(n.asText()));
                case "User" -> referenced.add(o.at("/spec/importCredentialsSecret/name").asText());
                default -> {
                }
            }
        }
        referenced.remove("");
        assertThat(referenced).as("Secrets referenced in %s", region)
                .contains("threshold-db-identity", "threshold-db-mfa", "threshold-db-invitation",
                        "threshold-mq-identity", "threshold-mq-mfa", "threshold-mq-invitation",
                        "threshold-operator-token", "threshold-internal-token", "threshold-smtp",
                        "threshold-key-encryption-key", "threshold-mfa-encryption-key",
                        "threshold-mfa-proof-signing-key", "threshold-mfa-proof-verify-key", "threshold-backup-s3");

        Overlay variant = Overlay.externalSecretsVariants().stream()
                .filter(v -> v.region().equals(region.region())).findFirst().orElseThrow();
        Set<String> produced = new TreeSet<>();
        for (JsonNode es : ofKind(variant.objects(), "ExternalSecret")) {
            assertThat(es.at("/spec/secretStoreRef/name").asText()).as("store of ExternalSecret %s", name(es))
                    .isNotBlank();
            produced.add(es.at("/spec/target/name").asText(name(es)));
        }
        assertThat(produced).as("Secrets produced by components/external-secrets").containsAll(referenced);
        // CloudNativePG managed roles only accept basic-auth Secrets.
        for (JsonNode es : ofKind(variant.objects(), "ExternalSecret")) {
            if (name(es).startsWith("threshold-db-")) {
                assertThat(es.at("/spec/target/template/type").asText()).as(name(es))
                        .isEqualTo("kubernetes.io/basic-auth");
            }
        }
    }

    /**
     * Every secretKeyRef of every rendered Deployment names a Secret and a key that the Secrets
     * table of deploy/README.md declares, and that the external-secrets example produces (a key
     * of its {@code data}, or anything when it extracts a whole remote secret). Only the keys the
     * services treat as optional may be {@code optional: true}. The README table and the example
     * list the same Secrets, so neither keeps a stale one.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("regions")
    void everySecretKeyRefPointsToASecretAndKeyDeclaredInTheReadmeAndTheExternalSecretsExample(Overlay region)
            throws IOException {
        Map<String, Set<String>> declared = readmeSecrets();
        Overlay variant = Overlay.externalSecretsVariants().stream()
                .filter(v -> v.region().equals(region.region())).findFirst().orElseThrow();
        Map<String, JsonNode> externalSecrets = new HashMap<>();
        ofKind(variant.objects(), "ExternalSecret")
                .forEach(es -> externalSecrets.put(es.at("/spec/target/name").asText(name(es)), es));
        assertThat(new TreeSet<>(declared.keySet())).as("Secrets of the README table vs. components/external-secrets")
                .isEqualTo(new TreeSet<>(externalSecrets.keySet()));

        List<String> problems = new ArrayList<>();
        for (JsonNode deployment : deployments(region)) {
            for (JsonNode c : containers(deployment)) {
                for (JsonNode env : c.path("env")) {
                    JsonNode ref = env.at("/valueFrom/secretKeyRef");
                    if (ref.isMissingNode()) {
                        continue;
                    }
                    String where = name(deployment) + " env " + env.path("name").asText();
                    String secret = ref.path("name").asText();
                    String key = ref.path("key").asText();
                    if (!declared.containsKey(secret)) {
                        problems.add(where + ": Secret " + secret + " is not in the README's Secrets table");
                    } else if (!declared.get(secret).contains(key)) {
                        problems.add(where + ": key " + key + " of " + secret + " is not in the README's Secrets table "
                                + declared.get(secret));
                    }
                    JsonNode es = externalSecrets.get(secret);
                    if (es == null) {
                        problems.add(where + ": no ExternalSecret produces " + secret);
                    } else if (!es.at("/spec/dataFrom").isArray() || es.at("/spec/dataFrom").isEmpty()) {
                        Set<String> keys = new TreeSet<>();
                        es.at("/spec/data").forEach(d -> keys.add(d.path("secretKey").asText()));
                        es.at("/spec/target/template/data").fieldNames().forEachRemaining(keys::add);
                        check(problems, keys.contains(key), where + ": the ExternalSecret " + secret
                                + " produces no key " + key + " (only " + keys + ")");
                    }
                    boolean optional = ref.path("optional").asBoolean(false);
                    check(problems, optional == OPTIONAL_SECRET_ENV.contains(env.path("name").asText()),
                            where + (optional ? " is optional: true, but the service requires it"
                                    : " should be optional: true (the service has a default)"));
                }
            }
        }
        assertThat(problems).as("secretKeyRefs of %s", region).isEmpty();
    }

    /**
     * The environment each service reads (docs/CONVENTIONS.md, docs/tokens.md), as the pod gets
     * it (envFrom ConfigMaps, then env): secrets from Secrets, URLs of the other services to
     * this namespace's Services.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("regions")
    void everyServiceGetsTheEnvironmentItReads(Overlay region) {
        List<String> problems = new ArrayList<>();
        for (JsonNode deployment : deployments(region)) {
            String d = name(deployment);
            Map<String, EnvValue> env = effectiveEnv(region, deployment);
            for (String var : REQUIRED_ENV.getOrDefault(d, Set.of())) {
                EnvValue value = env.get(var);
                if (value == null) {
                    problems.add(d + ": no " + var);
                } else if (looksSecret(var) && !POINTER_NAME.matcher(var).find() && value.secret() == null) {
                    problems.add(d + ": " + var + " does not come from a Secret");
                } else if (value.value() == null && value.secret() == null) {
                    problems.add(d + ": " + var + " has no value");
                }
            }
            check(problems, region.region().equals(valueOf(env, "THRESHOLD_REGION")), d + ": THRESHOLD_REGION "
                    + valueOf(env, "THRESHOLD_REGION") + " is not " + region.region());
            SERVICE_URLS.getOrDefault(d, Map.of()).forEach((var, target) -> {
                String url = valueOf(env, var);
                check(problems, url != null && inNamespaceServiceUrl(region, target).contains(url),
                        d + ": " + var + "=" + url + " is not the Service " + target + " of " + region.namespace()
                                + " (one of " + inNamespaceServiceUrl(region, target) + ")");
            });
        }
        assertThat(problems).as("environment in %s", region).isEmpty();
    }

    /**
     * The token issuer is {@code <THRESHOLD_PUBLIC_BASE_URL>/regions/<region>}: identity-service
     * signs with it, mfa/invitation-service verify it, so every service of a region must see the
     * same base, and it must be the gateway's public URL (the Ingress host, the CORS origin).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("regions")
    void everyServiceOfARegionHasTheGatewaysPublicUrlAsBaseUrl(Overlay region) throws IOException {
        JsonNode ingress = ofKind(Overlay.gateway().objects(), "Ingress").get(0);
        Set<String> hosts = new TreeSet<>();
        ingress.at("/spec/rules").forEach(r -> hosts.add(r.path("host").asText()));
        assertThat(hosts).as("hosts of the gateway Ingress").hasSize(1);
        String publicUrl = "https://" + hosts.iterator().next();
        assertThat(gatewayRegionTable().getProperty("threshold.gateway.cors.origins")).isEqualTo(publicUrl);
        for (JsonNode deployment : deployments(region)) {
            assertThat(valueOf(effectiveEnv(region, deployment), "THRESHOLD_PUBLIC_BASE_URL"))
                    .as("THRESHOLD_PUBLIC_BASE_URL of %s in %s", name(deployment), region).isEqualTo(publicUrl);
        }
    }

    /** The refresh cookie must stay Secure behind the TLS Ingress: the default, never overridden. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void theSessionCookieStaysSecure(Overlay overlay) {
        for (JsonNode deployment : deployments(overlay)) {
            Map<String, EnvValue> env = effectiveEnv(overlay, deployment);
            EnvValue value = env.get("THRESHOLD_SESSION_COOKIE_SECURE");
            assertThat(value == null || "true".equalsIgnoreCase(value.value()))
                    .as("THRESHOLD_SESSION_COOKIE_SECURE of %s in %s: %s (leave it unset, the default is true)",
                            name(deployment), overlay, value)
                    .isTrue();
        }
    }

    // ---------------------------------------------------------------- data services

    @ParameterizedTest(name = "{0}")
    @MethodSource("regions")
    void regionOverlayMatchesItsFolderName(Overlay region) {
        List<JsonNode> objects = region.objects();
        JsonNode namespace = ofKind(objects, "Namespace").get(0);
        assertThat(name(namespace)).isEqualTo("threshold-" + region.region());
        assertThat(namespace.at("/metadata/labels/threshold.dev~1tier").asText()).isEqualTo("region");
        assertThat(namespace.at("/metadata/labels/threshold.dev~1region").asText()).isEqualTo(region.region());
        JsonNode config = ofKind(objects, "ConfigMap").stream().filter(c -> name(c).startsWith("threshold-region"))
                .findFirst().orElseThrow();
        assertThat(config.at("/data/THRESHOLD_REGION").asText()).isEqualTo(region.region());
        JsonNode store = ofKind(objects, "ObjectStore").get(0);
        assertThat(store.at("/spec/configuration/destinationPath").asText())
                .as("backups of %s go to a location of that region", region).contains(region.region());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("regions")
    void regionHasAPostgresClusterOfThreeInstancesWithOneSchemaPerServiceRole(Overlay region) {
        List<JsonNode> clusters = ofKind(region.objects(), "Cluster").stream()
                .filter(c -> c.path("apiVersion").asText().startsWith("postgresql.cnpg.io/")).toList();
        assertThat(clusters).as("CloudNativePG Clusters in %s", region).hasSize(1);
        JsonNode cluster = clusters.get(0);
        assertThat(cluster.at("/spec/instances").asInt()).isEqualTo(3);
        assertThat(cluster.at("/spec/bootstrap/initdb/database").asText()).isEqualTo("threshold");
        String sql = String.join("\n", textsOf(cluster.at("/spec/bootstrap/initdb/postInitApplicationSQL")));
        Map<String, JsonNode> roles = new LinkedHashMap<>();
        cluster.at("/spec/managed/roles").forEach(r -> roles.put(r.path("name").asText(), r));
        for (String schema : List.of("identity", "mfa", "invitation")) {
            String role = "threshold_" + schema;
            assertThat(sql).as("schema %s owned by %s", schema, role)
                    .containsPattern("(?i)CREATE SCHEMA (IF NOT EXISTS )?" + schema + " AUTHORIZATION " + role + "\\b");
            assertThat(roles).as("managed role %s", role).containsKey(role);
            JsonNode r = roles.get(role);
            assertThat(r.path("login").asBoolean()).as("%s can log in", role).isTrue();
            assertThat(r.path("superuser").asBoolean(false) || r.path("createdb").asBoolean(false)
                    || r.path("createrole").asBoolean(false) || r.path("bypassrls").asBoolean(false))
                    .as("%s has no cluster-wide privilege", role).isFalse();
            assertThat(r.at("/passwordSecret/name").asText()).as("%s password from a Secret", role)
                    .isEqualTo("threshold-db-" + schema);
            assertThat(sql).as("no grant of %s's schema to another role", schema)
                    .doesNotContainPattern("(?i)GRANT [^;\\n]* ON (ALL TABLES IN )?SCHEMA " + schema + "\\b");
        }
        assertThat(sql).as("PUBLIC has no rights on the database").containsIgnoringCase("REVOKE ALL ON DATABASE threshold FROM PUBLIC");
        assertThat(cluster.at("/spec/enableSuperuserAccess").asBoolean(true)).isFalse();
        // backups: continuous archiving through the Barman Cloud plugin, plus a schedule
        assertThat(cluster.at("/spec/plugins/0/name").asText()).isEqualTo("barman-cloud.cloudnative-pg.io");
        assertThat(ofKind(region.objects(), "ScheduledBackup")).singleElement()
                .satisfies(b -> assertThat(b.at("/spec/cluster/name").asText()).isEqualTo(name(cluster)));
        // the services talk to the primary of this cluster
        JsonNode config = ofKind(region.objects(), "ConfigMap").stream().filter(c -> name(c).startsWith("threshold-region"))
                .findFirst().orElseThrow();
        assertThat(config.at("/data/THRESHOLD_DB_HOST").asText()).isEqualTo(name(cluster) + "-rw");
        assertThat(config.at("/data/THRESHOLD_DB_NAME").asText()).isEqualTo("threshold");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("regions")
    void regionHasARabbitmqClusterOfThreeReplicasWithQuorumQueues(Overlay region) {
        List<JsonNode> objects = region.objects();
        List<JsonNode> clusters = ofKind(objects, "RabbitmqCluster");
        assertThat(clusters).as("RabbitmqClusters in %s", region).hasSize(1);
        JsonNode cluster = clusters.get(0);
        assertThat(cluster.at("/spec/replicas").asInt()).isEqualTo(3);
        JsonNode config = ofKind(objects, "ConfigMap").stream().filter(c -> name(c).startsWith("threshold-region"))
                .findFirst().orElseThrow();
        assertThat(config.at("/data/THRESHOLD_RABBITMQ_HOST").asText()).isEqualTo(name(cluster));
        String vhost = config.at("/data/THRESHOLD_RABBITMQ_VHOST").asText();
        assertThat(ofKind(objects, "Vhost")).as("the services' vhost").anySatisfy(v -> {
            assertThat(v.at("/spec/name").asText()).isEqualTo(vhost);
            assertThat(v.at("/spec/defaultQueueType").asText()).isEqualTo("quorum");
        });
        assertThat(ofKind(objects, "Policy")).anySatisfy(p -> {
            assertThat(p.at("/spec/vhost").asText()).isEqualTo(vhost);
            assertThat(p.at("/spec/applyTo").asText()).isEqualTo("quorum_queues");
        });
        for (String service : List.of("identity", "mfa", "invitation")) {
            assertThat(ofKind(objects, "User")).as("RabbitMQ user of %s", service).anySatisfy(u ->
                    assertThat(u.at("/spec/importCredentialsSecret/name").asText()).isEqualTo("threshold-mq-" + service));
            assertThat(ofKind(objects, "Permission")).as("permission of %s on %s", service, vhost).anySatisfy(p -> {
                assertThat(p.at("/spec/vhost").asText()).isEqualTo(vhost);
                assertThat(p.at("/spec/userReference/name").asText()).isEqualTo("threshold-" + service);
            });
        }
    }

    // ---------------------------------------------------------------- network

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployableOverlays")
    void everyNamespaceDeniesAllTrafficByDefault(Overlay overlay) {
        assertThat(ofKind(overlay.objects(), "NetworkPolicy")).as("NetworkPolicies of %s", overlay).anySatisfy(p -> {
            assertThat(p.at("/spec/podSelector").isEmpty()).as("selects every pod").isTrue();
            assertThat(NetworkPolicyModel.policyTypes(p)).containsExactlyInAnyOrder("Ingress", "Egress");
            assertThat(p.at("/spec/ingress").isEmpty() && p.at("/spec/egress").isEmpty()).as("allows nothing").isTrue();
        });
    }

    /**
     * Every flow of the architecture, and the ones that must stay closed, evaluated over all
     * overlays together as one cluster (namespaces from the manifests, plus the usual
     * kube-system, monitoring, ingress-nginx, cnpg-system, rabbitmq-system and a stranger's).
     */
    @TestFactory
    Stream<DynamicTest> networkPoliciesAllowExactlyTheArchitecturesFlows() {
        List<JsonNode> all = new ArrayList<>();
        deployableOverlays().forEach(o -> all.addAll(o.objects()));
        NetworkPolicyModel model = new NetworkPolicyModel(all);
        for (String ns : List.of("kube-system", "monitoring", "ingress-nginx", "cnpg-system", "rabbitmq-system", "stranger")) {
            model.withNamespace(ns, Map.of("kubernetes.io/metadata.name", ns));
        }
        Endpoint gateway = podOf(Overlay.gateway(), "gateway");
        Endpoint dns = Endpoint.pod("kube-system", Map.of("k8s-app", "kube-dns"));
        Endpoint ingressController = Endpoint.pod("ingress-nginx", Map.of("app.kubernetes.io/name", "ingress-nginx"));
        Endpoint prometheus = Endpoint.pod("monitoring", Map.of("app.kubernetes.io/name", "prometheus"));
        Endpoint cnpgOperator = Endpoint.pod("cnpg-system", Map.of("app.kubernetes.io/name", "cloudnative-pg"));
        Endpoint rabbitOperator = Endpoint.pod("rabbitmq-system", Map.of("app.kubernetes.io/name", "rabbitmq-cluster-operator"));
        Endpoint stranger = Endpoint.pod("stranger", Map.of("app", "curl"));
        Endpoint internet = Endpoint.external("internet", "203.0.113.10");

        List<DynamicTest> tests = new ArrayList<>();
        Flows flows = new Flows(model, tests);
        flows.allowed(ingressController, gateway, 8080);
        flows.denied(stranger, gateway, 8080);
        // the management interface (/q/health, /q/metrics): Prometheus only (kubelet probes come from the node)
        flows.allowed(prometheus, gateway, MANAGEMENT_PORT);
        flows.denied(prometheus, gateway, 8080);
        flows.denied(ingressController, gateway, MANAGEMENT_PORT);
        flows.denied(stranger, gateway, MANAGEMENT_PORT);
        flows.allowed(gateway, dns, 53, "UDP");
        flows.denied(gateway, internet, 443);

        List<Overlay> regions = Overlay.regions();
        for (Overlay region : regions) {
            Endpoint identity = podOf(region, "identity-service");
            Endpoint mfa = podOf(region, "mfa-service");
            Endpoint invitation = podOf(region, "invitation-service");
            Endpoint postgres = Endpoint.pod(region.namespace(), Map.of("cnpg.io/cluster", "threshold-db",
                    "app.kubernetes.io/name", "postgres"));
            Endpoint rabbit = Endpoint.pod(region.namespace(), Map.of("app.kubernetes.io/name", "threshold-mq",
                    "app.kubernetes.io/component", "rabbitmq"));
            List<Endpoint> services = List.of(identity, mfa, invitation);
            for (Endpoint service : services) {
                flows.allowed(gateway, service, 8080);
                flows.allowed(ingressController, gateway, 8080);
                flows.denied(stranger, service, 8080);
                flows.denied(ingressController, service, 8080);
                flows.allowed(prometheus, service, MANAGEMENT_PORT);
                flows.denied(prometheus, service, 8080);
                flows.denied(gateway, service, MANAGEMENT_PORT);
                flows.denied(stranger, service, MANAGEMENT_PORT);
                flows.denied(ingressController, service, MANAGEMENT_PORT);
                flows.allowed(service, postgres, 5432);
                flows.allowed(service, rabbit, 5672);
                flows.allowed(service, dns, 53, "UDP");
                flows.allowed(service, dns, 53, "TCP");
                flows.denied(service, rabbit, 15672);
                flows.denied(service, internet, 80);
                flows.denied(service, gateway, 8080);
            }
            flows.allowed(mfa, identity, 8080);
            flows.allowed(invitation, identity, 8080);
            flows.allowed(identity, invitation, 8080);
            flows.allowed(identity, mfa, 8080); // internal: enrolled? at each password login
            flows.denied(mfa, invitation, 8080);
            flows.denied(invitation, mfa, 8080);
            flows.denied(mfa, identity, MANAGEMENT_PORT);
            flows.denied(identity, invitation, MANAGEMENT_PORT);
            for (int port : List.of(587, 465, 25)) {
                flows.allowed(invitation, internet, port);
                flows.denied(identity, internet, port);
                flows.denied(mfa, internet, port);
            }
            flows.allowed(identity, internet, 443);
            flows.denied(mfa, internet, 443);
            flows.denied(invitation, internet, 443);
            // only the services reach the data services
            flows.denied(gateway, postgres, 5432);
            flows.denied(gateway, rabbit, 5672);
            flows.denied(stranger, postgres, 5432);
            flows.denied(stranger, rabbit, 5672);
            flows.denied(internet, postgres, 5432);
            // what the operators and the data services need among themselves
            flows.allowed(postgres, postgres, 5432);
            flows.allowed(cnpgOperator, postgres, 8000);
            flows.allowed(rabbit, rabbit, 25672);
            flows.allowed(rabbit, rabbit, 4369);
            flows.allowed(rabbitOperator, rabbit, 15672);
            flows.denied(stranger, rabbit, 15672);
            // regions are isolated from each other
            for (Overlay other : regions) {
                if (other != region) {
                    Endpoint otherIdentity = podOf(other, "identity-service");
                    Endpoint otherPostgres = Endpoint.pod(other.namespace(), Map.of("cnpg.io/cluster", "threshold-db"));
                    flows.denied(mfa, otherIdentity, 8080);
                    flows.denied(identity, otherPostgres, 5432);
                    for (String service : REGION_SERVICES) {
                        flows.denied(podOf(other, service), identity, 8080);
                    }
                    flows.denied(identity, podOf(other, "invitation-service"), 8080);
                    flows.denied(invitation, otherIdentity, 8080);
                }
            }
            // identity-service (tokens, keys, internal redeem) is reached from outside its namespace
            // by the gateway only (Prometheus reaches the management port 9000 only, never the API);
            // inside, by the other two services only.
            for (Endpoint outsider : List.of(stranger, ingressController, cnpgOperator, rabbitOperator, dns, internet)) {
                flows.denied(outsider, identity, 8080);
            }
            flows.denied(postgres, identity, 8080);
            flows.denied(rabbit, identity, 8080);
            flows.denied(Endpoint.pod(region.namespace(), Map.of("app", "debug")), identity, 8080);
            // every service-to-service URL of the environment is open on the port it names
            for (JsonNode deployment : deployments(region)) {
                Endpoint caller = podOf(region, name(deployment));
                effectiveEnv(region, deployment).forEach((var, value) -> {
                    Matcher url = value.value() == null ? null
                            : Pattern.compile("^https?://([a-z0-9-]+)(\\.[a-z0-9.-]+)?:(\\d+)(/.*)?$").matcher(value.value());
                    if (url == null || !url.matches()) {
                        return;
                    }
                    ofKind(region.objects(), "Service").stream().filter(svc -> name(svc).equals(url.group(1))).forEach(svc -> {
                        JsonNode target = deployments(region).stream()
                                .filter(t -> NetworkPolicyModel.selects(Kustomize.YAML.createObjectNode()
                                        .set("matchLabels", svc.at("/spec/selector")), podLabels(t)))
                                .findFirst().orElseThrow(() -> new AssertionError(var + ": Service " + name(svc)
                                        + " selects no Deployment"));
                        for (JsonNode port : svc.at("/spec/ports")) {
                            if (port.path("port").asInt() == Integer.parseInt(url.group(3))) {
                                flows.allowed(caller, podOf(region, name(target)), containerPort(target, port.path("targetPort")));
                            }
                        }
                    });
                });
            }
        }
        return tests.stream();
    }

    /** Collects flow expectations as named dynamic tests. */
    private record Flows(NetworkPolicyModel model, List<DynamicTest> tests) {
        void allowed(Endpoint from, Endpoint to, int port) {
            allowed(from, to, port, "TCP");
        }

        void allowed(Endpoint from, Endpoint to, int port, String protocol) {
            add(from, to, port, protocol, true);
        }

        void denied(Endpoint from, Endpoint to, int port) {
            add(from, to, port, "TCP", false);
        }

        private void add(Endpoint from, Endpoint to, int port, String protocol, boolean expected) {
            String name = from + " -> " + to + ":" + port + "/" + protocol + (expected ? " allowed" : " denied");
            if (tests.stream().anyMatch(t -> t.getDisplayName().equals(name))) {
                return;
            }
            tests.add(DynamicTest.dynamicTest(name, () -> assertThat(model.allows(from, to, port, protocol))
                    .as(name + " (egress %s, ingress %s)", model.egressAllows(from, to, port, protocol),
                            model.ingressAllows(from, to, port, protocol))
                    .isEqualTo(expected)));
        }
    }

    // ---------------------------------------------------------------- gateway

    @Test
    void gatewayRegionTableListsEveryRegionOverlayWithItsInClusterUrls() throws IOException {
        Properties table = gatewayRegionTable();
        Set<String> listed = new TreeSet<>();
        for (String key : table.stringPropertyNames()) {
            Matcher m = Pattern.compile("threshold\\.gateway\\.regions\\.([^.]+)\\.(\\w+)").matcher(key);
            if (m.matches()) {
                listed.add(m.group(1));
            }
        }
        assertThat(listed).as("regions in the gateway table vs. overlays in deploy/k8s/regions")
                .isEqualTo(new TreeSet<>(Overlay.regionCodes()));
        for (String code : Overlay.regionCodes()) {
            String prefix = "threshold.gateway.regions." + code + ".";
            assertThat(table.getProperty(prefix + "name")).as(prefix + "name").isNotBlank();
            for (String service : List.of("identity", "mfa", "invitation")) {
                assertThat(table.getProperty(prefix + service)).as(prefix + service)
                        .isEqualTo("http://" + service + "-service.threshold-" + code + ".svc.cluster.local:8080");
            }
        }
        assertThat(table.getProperty("threshold.gateway.cors.origins")).startsWith("https://");
    }

    /**
     * The gateway believes X-Forwarded-For only from its ingress controller: THRESHOLD_GATEWAY_TRUSTED_PROXIES is set,
     * made of CIDR blocks, and never trusts the whole internet (that would let every client spoof its address).
     */
    @Test
    void gatewayTrustsForwardedHeadersOfItsIngressControllerOnly() {
        JsonNode deployment = deployments(Overlay.gateway()).get(0);
        String trusted = valueOf(effectiveEnv(Overlay.gateway(), deployment), "THRESHOLD_GATEWAY_TRUSTED_PROXIES");
        assertThat(trusted).as("THRESHOLD_GATEWAY_TRUSTED_PROXIES of the gateway").isNotBlank();
        for (String block : trusted.split(",")) {
            String cidr = block.trim().toLowerCase(java.util.Locale.ROOT);
            assertThat(cidr).as("trusted proxy %s", cidr).matches(CIDR)
                    .isNotIn("0.0.0.0/0", "::/0", "0::/0").doesNotEndWith("/0");
            assertThat(cidr).as("a private or unique-local block, where the ingress controller's pods live")
                    .matches("^(10\\.|172\\.(1[6-9]|2\\d|3[01])\\.|192\\.168\\.|f[cd][0-9a-f]{2}:).*");
        }
        // only the ingress controller's namespace reaches the gateway's API port, which is what makes a pod CIDR safe
        assertThat(ofKind(Overlay.gateway().objects(), "NetworkPolicy"))
                .filteredOn(p -> name(p).equals("allow-ingress-controller-to-gateway")).singleElement()
                .satisfies(p -> assertThat(p.at("/spec/ingress").findValuesAsText("kubernetes.io/metadata.name"))
                        .containsExactly("ingress-nginx"));
    }

    @Test
    void gatewayLoadsItsRegionTableFromTheMountedConfigMap() {
        List<JsonNode> objects = Overlay.gateway().objects();
        JsonNode deployment = deployments(Overlay.gateway()).get(0);
        JsonNode container = containers(deployment).get(0);
        Map<String, String> env = new HashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            String cm = from.at("/configMapRef/name").asText();
            ofKind(objects, "ConfigMap").stream().filter(c -> name(c).equals(cm))
                    .forEach(c -> env.putAll(NetworkPolicyModel.labelsOf(c.path("data"))));
        }
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
        String locations = env.get("QUARKUS_CONFIG_LOCATIONS");
        assertThat(locations).as("QUARKUS_CONFIG_LOCATIONS").isNotBlank();
        String regionsConfigMap = ofKind(objects, "ConfigMap").stream().map(KustomizeOverlaysTest::name)
                .filter(n -> n.startsWith("gateway-regions")).findFirst().orElseThrow();
        String volume = StreamSupport.stream(deployment.at("/spec/template/spec/volumes").spliterator(), false)
                .filter(v -> regionsConfigMap.equals(v.at("/configMap/name").asText()))
                .map(v -> v.path("name").asText()).findFirst().orElseThrow();
        String mountPath = StreamSupport.stream(container.path("volumeMounts").spliterator(), false)
                .filter(m -> volume.equals(m.path("name").asText()))
                .map(m -> m.path("mountPath").asText()).findFirst().orElseThrow();
        assertThat(locations.split(",")).contains(mountPath + "/regions.properties");
    }

    @Test
    void gatewayIngressTerminatesTlsWithACertManagerCertificate() {
        List<JsonNode> ingresses = ofKind(Overlay.gateway().objects(), "Ingress");
        assertThat(ingresses).hasSize(1);
        JsonNode ingress = ingresses.get(0);
        assertThat(ingress.at("/metadata/annotations").fieldNames()).toIterable()
                .anyMatch(a -> a.startsWith("cert-manager.io/"));
        Set<String> tlsHosts = new HashSet<>();
        ingress.at("/spec/tls").forEach(t -> {
            assertThat(t.path("secretName").asText()).isNotBlank();
            tlsHosts.addAll(textsOf(t.path("hosts")));
        });
        ingress.at("/spec/rules").forEach(r -> {
            assertThat(tlsHosts).as("TLS covers rule host").contains(r.path("host").asText());
            r.at("/http/paths").forEach(p -> {
                assertThat(p.at("/backend/service/name").asText()).isEqualTo("gateway");
            });
        });
        // Only the gateway is exposed: no region overlay has an Ingress or a public Service.
        for (Overlay region : Overlay.regions()) {
            assertThat(ofKind(region.objects(), "Ingress")).as("Ingresses in %s", region).isEmpty();
            assertThat(ofKind(region.objects(), "Service")).as("Services in %s", region)
                    .allSatisfy(s -> assertThat(s.at("/spec/type").asText("ClusterIP")).isEqualTo("ClusterIP"));
        }
    }

    // ---------------------------------------------------------------- helpers

    private Properties gatewayRegionTable() throws IOException {
        JsonNode configMap = ofKind(Overlay.gateway().objects(), "ConfigMap").stream()
                .filter(c -> name(c).startsWith("gateway-regions")).findFirst().orElseThrow();
        Properties properties = new Properties();
        properties.load(new StringReader(configMap.at("/data/regions.properties").asText()));
        return properties;
    }

    /** A variable as the container gets it: a literal (env value or ConfigMap) or a Secret key. */
    record EnvValue(String value, String secret, String key) {
    }

    /** envFrom ConfigMaps first, then env (which wins), as the kubelet builds it. */
    static Map<String, EnvValue> effectiveEnv(Overlay overlay, JsonNode deployment) {
        List<JsonNode> configMaps = ofKind(overlay.objects(), "ConfigMap");
        Map<String, EnvValue> env = new LinkedHashMap<>();
        for (JsonNode c : containers(deployment)) {
            for (JsonNode from : c.path("envFrom")) {
                String cm = from.at("/configMapRef/name").asText();
                configMaps.stream().filter(m -> name(m).equals(cm)).forEach(m -> m.path("data").fields()
                        .forEachRemaining(e -> env.put(from.path("prefix").asText("") + e.getKey(),
                                new EnvValue(e.getValue().asText(), null, null))));
            }
            for (JsonNode e : c.path("env")) {
                JsonNode ref = e.at("/valueFrom/secretKeyRef");
                JsonNode cmRef = e.at("/valueFrom/configMapKeyRef");
                EnvValue value;
                if (!ref.isMissingNode()) {
                    value = new EnvValue(null, ref.path("name").asText(), ref.path("key").asText());
                } else if (!cmRef.isMissingNode()) {
                    value = configMaps.stream().filter(m -> name(m).equals(cmRef.path("name").asText()))
                            .map(m -> new EnvValue(m.at("/data/" + cmRef.path("key").asText()).asText(null), null, null))
                            .findFirst().orElse(new EnvValue(null, null, null));
                } else {
                    value = new EnvValue(e.path("value").asText(null), null, null);
                }
                env.put(e.path("name").asText(), value);
            }
        }
        return env;
    }

    private static String valueOf(Map<String, EnvValue> env, String var) {
        EnvValue value = env.get(var);
        return value == null ? null : value.value();
    }

    /** The URLs that reach Service {@code service} of the overlay's namespace on its http port. */
    static Set<String> inNamespaceServiceUrl(Overlay overlay, String service) {
        Set<String> urls = new TreeSet<>();
        ofKind(overlay.objects(), "Service").stream().filter(s -> name(s).equals(service)).forEach(s -> {
            for (JsonNode port : s.at("/spec/ports")) {
                if ("http".equals(port.path("name").asText())) {
                    int p = port.path("port").asInt();
                    String ns = overlay.namespace();
                    for (String host : List.of(service, service + "." + ns, service + "." + ns + ".svc",
                            service + "." + ns + ".svc.cluster.local")) {
                        urls.add("http://" + host + ":" + p);
                    }
                }
            }
        });
        return urls;
    }

    /** deploy/README.md, section Secrets: Secret name -> the keys its row names (backquoted words). */
    static Map<String, Set<String>> readmeSecrets() throws IOException {
        String readme = Files.readString(Kustomize.deployDir().resolve("README.md"));
        int start = readme.indexOf("\n## Secrets\n");
        assertThat(start).as("deploy/README.md has a section '## Secrets'").isNotNegative();
        String section = readme.substring(start + 1);
        int end = section.indexOf("\n## ", 1);
        section = end < 0 ? section : section.substring(0, end);
        Map<String, Set<String>> result = new LinkedHashMap<>();
        Pattern code = Pattern.compile("`([^`]+)`");
        for (String line : section.split("\n")) {
            String[] cells = line.split("\\|");
            if (!line.startsWith("| `threshold-") || cells.length < 3) {
                continue;
            }
            Set<String> keys = new TreeSet<>();
            Matcher k = code.matcher(cells[2]);
            while (k.find()) {
                keys.add(k.group(1));
            }
            Matcher n = code.matcher(cells[1]);
            while (n.find()) {
                result.put(n.group(1), keys);
            }
        }
        assertThat(result).as("Secrets table of deploy/README.md").isNotEmpty();
        return result;
    }

    private static Endpoint podOf(Overlay overlay, String deployment) {
        JsonNode d = deployments(overlay).stream().filter(x -> name(x).equals(deployment)).findFirst()
                .orElseThrow(() -> new AssertionError("no Deployment " + deployment + " in " + overlay));
        return new Endpoint(overlay.namespace().replace("threshold-", "") + "/" + deployment, overlay.namespace(),
                podLabels(d), null);
    }

    private static boolean looksSecret(String name) {
        return SECRET_LIKE_NAME.matcher(name).find();
    }

    /** The container port a Service targetPort (number or name) reaches in a Deployment. */
    private static int containerPort(JsonNode deployment, JsonNode targetPort) {
        if (targetPort.isInt()) {
            return targetPort.asInt();
        }
        for (JsonNode c : containers(deployment)) {
            for (JsonNode p : c.path("ports")) {
                if (p.path("name").asText().equals(targetPort.asText())) {
                    return p.path("containerPort").asInt();
                }
            }
        }
        throw new AssertionError("no container port " + targetPort + " in " + name(deployment));
    }

    /** The container port a probe or Service names (a number, or the name of a container port); -1 if none. */
    private static int containerPortOf(JsonNode container, JsonNode port) {
        if (port.isInt()) {
            return port.asInt();
        }
        for (JsonNode p : container.path("ports")) {
            if (p.path("name").asText().equals(port.asText())) {
                return p.path("containerPort").asInt();
            }
        }
        return -1;
    }

    private static void check(List<String> problems, boolean ok, String expectation) {
        if (!ok) {
            problems.add(expectation);
        }
    }

    static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(kind(o))).toList();
    }

    static List<JsonNode> deployments(Overlay overlay) {
        return ofKind(overlay.objects(), "Deployment");
    }

    static List<JsonNode> containers(JsonNode deployment) {
        List<JsonNode> result = new ArrayList<>();
        deployment.at("/spec/template/spec/containers").forEach(result::add);
        assertThat(result).as("containers of %s", name(deployment)).isNotEmpty();
        return result;
    }

    static Map<String, String> podLabels(JsonNode deployment) {
        return NetworkPolicyModel.labelsOf(deployment.at("/spec/template/metadata/labels"));
    }

    static java.util.Optional<JsonNode> podSpec(JsonNode o) {
        return switch (kind(o)) {
            case "Deployment", "StatefulSet", "DaemonSet", "Job" -> java.util.Optional.of(o.at("/spec/template/spec"));
            case "CronJob" -> java.util.Optional.of(o.at("/spec/jobTemplate/spec/template/spec"));
            case "Pod" -> java.util.Optional.of(o.path("spec"));
            default -> java.util.Optional.empty();
        };
    }

    static List<String> textsOf(JsonNode array) {
        List<String> result = new ArrayList<>();
        array.forEach(n -> result.add(n.asText()));
        return result;
    }

    static String kind(JsonNode o) {
        return o.path("kind").asText();
    }

    static String name(JsonNode o) {
        return o.at("/metadata/name").asText();
    }
}
