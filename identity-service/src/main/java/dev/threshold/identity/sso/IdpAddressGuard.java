package dev.threshold.identity.sso;

import dev.threshold.common.problem.ProblemException;
import dev.threshold.identity.problem.IdentityProblem;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * The SSRF guard of identity providers: may identity-service send a request to this URL of an
 * org admin's choosing (issuer, or an endpoint its discovery document names)?
 * <ul>
 * <li>http or https only, https unless {@code threshold.sso.allow-private-issuers};</li>
 * <li>the host is resolved now and <em>every</em> address must be public, or loopback/private
 * when private issuers are allowed; link-local and cloud metadata, unspecified, broadcast,
 * multicast and reserved ranges never ({@link NetworkAddresses});</li>
 * <li>never one of Threshold's own services ({@code threshold.sso.own-services}, the process's
 * own HTTP port), not even when private issuers are allowed;</li>
 * <li>obscure numeric spellings of IPv4 addresses ({@code 2130706433}, {@code 0x7f.1}) are refused.</li>
 * </ul>
 * Refusals are {@code 400 idp_address_not_allowed}, the same whatever the reason. Callers check
 * again at each use: DNS can change between registration and sign-in.
 */
@ApplicationScoped
public class IdpAddressGuard {

    private static final Logger LOG = Logger.getLogger(IdpAddressGuard.class);

    /** A checked target: connect to one of {@code addresses} (all passed), speak to {@code host}. */
    public record Target(URI uri, String host, int port, boolean https, List<InetAddress> addresses) {
    }

    /** A host and port of Threshold itself. */
    private record Own(Set<InetAddress> addresses, int port, boolean anyLocal) {
    }

    private final SsoConfig config;
    private volatile List<Own> own;
    private volatile Set<InetAddress> localAddresses;

    public IdpAddressGuard(SsoConfig config) {
        this.config = config;
    }

    public boolean allowPrivate() {
        return config.allowPrivateIssuers();
    }

    /** Resolves (on a worker thread, DNS blocks) and checks; fails with {@code idp_address_not_allowed}. */
    public Uni<Target> check(String url) {
        io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        if (context == null) {
            return Uni.createFrom().item(() -> checkBlocking(url)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }
        // back on the caller's (event-loop) context afterwards: Hibernate Reactive insists on it
        return Uni.createFrom().completionStage(() -> context.executeBlocking(() -> checkBlocking(url), false)
                .toCompletionStage());
    }

    /** The same, on the calling thread: only where blocking is allowed. */
    public Target checkBlocking(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw refused(url, "not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && config.allowPrivateIssuers())) {
            throw refused(url, "scheme " + scheme);
        }
        String host = uri.getHost();
        if (host == null || host.isBlank() || uri.getRawUserInfo() != null) {
            throw refused(url, "no host, or user info");
        }
        if (NetworkAddresses.isObscureNumericHost(host)) {
            throw refused(url, "numeric host spelled obscurely");
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        List<InetAddress> addresses = resolve(bare, url);
        for (InetAddress address : addresses) {
            NetworkAddresses.Kind kind = NetworkAddresses.classify(address);
            if (!NetworkAddresses.allowed(kind, config.allowPrivateIssuers())) {
                throw refused(url, address.getHostAddress() + " is " + kind);
            }
            if (isOwnService(address, port)) {
                throw refused(url, address.getHostAddress() + ":" + port + " is Threshold's own");
            }
        }
        return new Target(uri, bare, port, scheme.equals("https"), List.copyOf(addresses));
    }

    private static List<InetAddress> resolve(String host, String url) {
        InetAddress literal = NetworkAddresses.literal(host);
        if (literal != null) {
            return List.of(literal);
        }
        try {
            InetAddress[] all = InetAddress.getAllByName(NetworkAddresses.stripTrailingDot(host));
            if (all.length == 0) {
                throw new UnknownHostException(host);
            }
            return List.of(all);
        } catch (UnknownHostException | SecurityException e) {
            LOG.infof("identity provider host of %s does not resolve", url);
            // a network failure like any other: the one discovery code, no oracle
            throw new ProblemException(IdentityProblem.IDP_DISCOVERY_FAILED);
        }
    }

    private boolean isOwnService(InetAddress address, int port) {
        boolean candidateLocal = isLocal(address);
        for (Own service : own()) {
            if (service.port() != port) {
                continue;
            }
            if (service.addresses().contains(address) || service.anyLocal() && candidateLocal) {
                return true;
            }
        }
        for (int ownPort : listeningPorts()) {
            if (ownPort == port && candidateLocal) {
                return true;
            }
        }
        return false;
    }

    /** The process's own HTTP port(s), read when asked: a random test port is known only after start. */
    private static Set<Integer> listeningPorts() {
        Config config = ConfigProvider.getConfig();
        Set<Integer> ports = new HashSet<>();
        for (String name : List.of("quarkus.http.port", "quarkus.http.test-port", "quarkus.http.ssl-port",
                "quarkus.management.port")) {
            config.getOptionalValue(name, Integer.class).filter(p -> p > 0).ifPresent(ports::add);
        }
        return ports;
    }

    /** Loopback, unspecified, or an address of one of this machine's interfaces. */
    private boolean isLocal(InetAddress address) {
        return address.isLoopbackAddress() || address.isAnyLocalAddress() || localAddresses().contains(address)
                || NetworkAddresses.classify(address) == NetworkAddresses.Kind.LOOPBACK;
    }

    private Set<InetAddress> localAddresses() {
        Set<InetAddress> local = localAddresses;
        if (local == null) {
            Set<InetAddress> found = new HashSet<>();
            try {
                for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    found.addAll(Collections.list(nic.getInetAddresses()));
                }
            } catch (SocketException | RuntimeException e) {
                LOG.debugf("network interfaces not listed: %s", e.toString());
            }
            local = Set.copyOf(found);
            localAddresses = local;
        }
        return local;
    }

    private List<Own> own() {
        List<Own> known = own;
        if (known == null) {
            List<Own> services = new ArrayList<>();
            for (String url : config.ownServices().orElse(List.of())) {
                if (url == null || url.isBlank()) {
                    continue;
                }
                try {
                    URI uri = new URI(url.trim());
                    if (uri.getHost() == null) {
                        continue;
                    }
                    String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                            : uri.getHost();
                    int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
                    Set<InetAddress> addresses = new HashSet<>();
                    try {
                        addresses.addAll(List.of(InetAddress.getAllByName(host)));
                    } catch (UnknownHostException e) {
                        LOG.debugf("own service %s does not resolve here", url);
                    }
                    boolean anyLocal = addresses.stream().anyMatch(this::isLocal);
                    services.add(new Own(Set.copyOf(addresses), port, anyLocal));
                } catch (URISyntaxException e) {
                    LOG.warnf("threshold.sso.own-services: %s is not a URL, ignored", url);
                }
            }
            known = List.copyOf(services);
            own = known;
        }
        return known;
    }

    private static ProblemException refused(String url, String why) {
        LOG.infof("identity provider address %s refused: %s", url, why);
        return new ProblemException(IdentityProblem.IDP_ADDRESS_NOT_ALLOWED);
    }
}
