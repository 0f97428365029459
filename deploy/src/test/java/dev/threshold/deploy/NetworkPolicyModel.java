package dev.threshold.deploy;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A small evaluator of Kubernetes NetworkPolicy semantics (networking.k8s.io/v1), enough to ask
 * "may this pod open a connection to that pod on this port?" over rendered manifests, without a
 * cluster or a CNI.
 *
 * <p>A connection is allowed when the source's egress allows it (no egress policy selects the
 * source, or one of those policies has a matching rule) and the destination's ingress allows it
 * (likewise). Simplifications: {@code ipBlock} peers match only {@link Endpoint#external}
 * endpoints (addresses outside the cluster), never pods; named ports are not supported (the
 * manifests use numbers, and this model fails on a name rather than guess).
 */
final class NetworkPolicyModel {

    /** A pod (namespace + labels) or an address outside the cluster. */
    record Endpoint(String description, String namespace, Map<String, String> labels, String ip) {

        static Endpoint pod(String namespace, Map<String, String> labels) {
            return new Endpoint(namespace + "/" + labels.getOrDefault("app.kubernetes.io/name",
                    labels.toString()), namespace, labels, null);
        }

        static Endpoint external(String description, String ip) {
            return new Endpoint(description, null, Map.of(), ip);
        }

        boolean isExternal() {
            return ip != null;
        }

        @Override
        public String toString() {
            return description;
        }
    }

    private final List<JsonNode> policies;
    private final Map<String, Map<String, String>> namespaceLabels = new HashMap<>();

    NetworkPolicyModel(List<JsonNode> objects) {
        this.policies = objects.stream().filter(o -> "NetworkPolicy".equals(o.path("kind").asText())).toList();
        objects.stream().filter(o -> "Namespace".equals(o.path("kind").asText())).forEach(ns -> {
            String name = ns.at("/metadata/name").asText();
            Map<String, String> labels = labelsOf(ns.at("/metadata/labels"));
            // Set by the API server on every namespace (Kubernetes >= 1.21).
            labels.put("kubernetes.io/metadata.name", name);
            namespaceLabels.put(name, labels);
        });
    }

    /** Declares a namespace that exists in the cluster but not in the manifests (kube-system...). */
    NetworkPolicyModel withNamespace(String name, Map<String, String> labels) {
        namespaceLabels.put(name, new HashMap<>(labels));
        return this;
    }

    boolean allows(Endpoint from, Endpoint to, int port, String protocol) {
        return egressAllows(from, to, port, protocol) && ingressAllows(from, to, port, protocol);
    }

    boolean egressAllows(Endpoint from, Endpoint to, int port, String protocol) {
        if (from.isExternal()) {
            return true;
        }
        List<JsonNode> selecting = selecting(from, "Egress");
        return selecting.isEmpty() || selecting.stream().anyMatch(p -> rulesAllow(p, "egress", "to", to, port, protocol));
    }

    boolean ingressAllows(Endpoint from, Endpoint to, int port, String protocol) {
        if (to.isExternal()) {
            return true;
        }
        List<JsonNode> selecting = selecting(to, "Ingress");
        return selecting.isEmpty()
                || selecting.stream().anyMatch(p -> rulesAllow(p, "ingress", "from", from, port, protocol));
    }

    private List<JsonNode> selecting(Endpoint pod, String type) {
        List<JsonNode> result = new ArrayList<>();
        for (JsonNode policy : policies) {
            if (!pod.namespace().equals(policy.at("/metadata/namespace").asText())) {
                continue;
            }
            if (!policyTypes(policy).contains(type)) {
                continue;
            }
            if (selects(policy.at("/spec/podSelector"), pod.labels())) {
                result.add(policy);
            }
        }
        return result;
    }

    static List<String> policyTypes(JsonNode policy) {
        JsonNode types = policy.at("/spec/policyTypes");
        List<String> result = new ArrayList<>();
        if (types.isArray() && !types.isEmpty()) {
            types.forEach(t -> result.add(t.asText()));
        } else {
            result.add("Ingress");
            if (policy.at("/spec/egress").isArray()) {
                result.add("Egress");
            }
        }
        return result;
    }

    private boolean rulesAllow(JsonNode policy, String direction, String peersField, Endpoint peer, int port,
            String protocol) {
        String policyNamespace = policy.at("/metadata/namespace").asText();
        for (JsonNode rule : policy.at("/spec/" + direction)) {
            JsonNode peers = rule.path(peersField);
            boolean peerMatches = !peers.isArray() || peers.isEmpty();
            for (JsonNode p : peers) {
                peerMatches |= peerMatches(p, policyNamespace, peer);
            }
            if (peerMatches && portMatches(rule.path("ports"), port, protocol)) {
                return true;
            }
        }
        return false;
    }

    private boolean peerMatches(JsonNode peer, String policyNamespace, Endpoint endpoint) {
        if (peer.has("ipBlock")) {
            return endpoint.isExternal() && Cidr.contains(peer.at("/ipBlock"), endpoint.ip());
        }
        if (endpoint.isExternal()) {
            return false;
        }
        boolean namespaceOk = peer.has("namespaceSelector")
                ? selects(peer.get("namespaceSelector"), namespaceLabels.getOrDefault(endpoint.namespace(),
                        Map.of("kubernetes.io/metadata.name", endpoint.namespace())))
                : policyNamespace.equals(endpoint.namespace());
        boolean podOk = !peer.has("podSelector") || selects(peer.get("podSelector"), endpoint.labels());
        return namespaceOk && podOk;
    }

    private static boolean portMatches(JsonNode ports, int port, String protocol) {
        if (!ports.isArray() || ports.isEmpty()) {
            return true;
        }
        for (JsonNode p : ports) {
            String proto = p.path("protocol").asText("TCP");
            if (!proto.equals(protocol)) {
                continue;
            }
            if (p.path("port").isMissingNode()) {
                return true;
            }
            if (!p.path("port").isInt()) {
                throw new IllegalArgumentException("named ports are not modelled: " + p);
            }
            int from = p.path("port").asInt();
            int to = p.path("endPort").asInt(from);
            if (port >= from && port <= to) {
                return true;
            }
        }
        return false;
    }

    /** Label selector semantics: matchLabels AND matchExpressions; an empty selector selects all. */
    static boolean selects(JsonNode selector, Map<String, String> labels) {
        if (selector == null || selector.isMissingNode() || selector.isNull()) {
            return true;
        }
        var fields = selector.path("matchLabels").fields();
        while (fields.hasNext()) {
            var e = fields.next();
            if (!e.getValue().asText().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (JsonNode expr : selector.path("matchExpressions")) {
            String key = expr.path("key").asText();
            List<String> values = new ArrayList<>();
            expr.path("values").forEach(v -> values.add(v.asText()));
            boolean ok = switch (expr.path("operator").asText()) {
                case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
                case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
                case "Exists" -> labels.containsKey(key);
                case "DoesNotExist" -> !labels.containsKey(key);
                default -> throw new IllegalArgumentException("unknown selector operator in " + expr);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static Map<String, String> labelsOf(JsonNode labels) {
        Map<String, String> result = new HashMap<>();
        labels.fields().forEachRemaining(e -> result.put(e.getKey(), e.getValue().asText()));
        return result;
    }

    /** IPv4 CIDR containment with {@code except}, for ipBlock peers. */
    static final class Cidr {
        private Cidr() {
        }

        static boolean contains(JsonNode ipBlock, String ip) {
            if (!in(ipBlock.path("cidr").asText(), ip)) {
                return false;
            }
            for (JsonNode except : ipBlock.path("except")) {
                if (in(except.asText(), ip)) {
                    return false;
                }
            }
            return true;
        }

        static boolean in(String cidr, String ip) {
            String[] parts = cidr.split("/");
            int bits = Integer.parseInt(parts[1]);
            long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
            return (toLong(parts[0]) & mask) == (toLong(ip) & mask);
        }

        private static long toLong(String ip) {
            long value = 0;
            for (String octet : ip.split("\\.")) {
                value = (value << 8) | Integer.parseInt(octet);
            }
            return value;
        }
    }
}
