package dev.threshold.gateway.client;

import dev.threshold.gateway.config.GatewayConfig;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Locale;

/**
 * Decides who the client of a request is. The TCP peer, unless the peer is a trusted proxy: then
 * {@code X-Forwarded-For} is read from the right, skipping trusted proxies, and the first other entry is the client
 * (an entry that is not an IP literal ends the walk: the peer counts). {@code X-Forwarded-Proto} and
 * {@code X-Forwarded-Host} are believed only from a trusted peer. Whatever a client wrote itself is never believed
 * and, since the gateway overwrites those headers, never reaches a service.
 */
@Singleton
public class ClientAddresses {

    public static final String X_FORWARDED_FOR = "X-Forwarded-For";
    public static final String X_FORWARDED_PROTO = "X-Forwarded-Proto";
    public static final String X_FORWARDED_HOST = "X-Forwarded-Host";

    private static final Logger LOG = Logger.getLogger(ClientAddresses.class);
    private static final String CONTEXT_KEY = "threshold.clientOrigin";
    private static final int MAX_HOST_LENGTH = 255;

    private final TrustedProxies trusted;

    @Inject
    public ClientAddresses(GatewayConfig config) {
        this(TrustedProxies.parse(config.trustedProxies()));
    }

    ClientAddresses(TrustedProxies trusted) {
        this.trusted = trusted;
    }

    /** Instantiates the bean at start, so a wrong CIDR stops the gateway instead of the first request. */
    void started(@Observes StartupEvent started) {
        LOG.infof("Trusted proxies (X-Forwarded-* believed from): %s", trusted);
    }

    /** The origin of this request, decided once and kept in the routing context. */
    public ClientOrigin of(RoutingContext rc) {
        ClientOrigin origin = rc.get(CONTEXT_KEY);
        if (origin == null) {
            origin = resolve(rc.request());
            rc.put(CONTEXT_KEY, origin);
        }
        return origin;
    }

    ClientOrigin resolve(HttpServerRequest request) {
        SocketAddress peer = request.remoteAddress();
        HostAndPort authority = request.authority();
        return resolve(peer == null ? null : peer.hostAddress(), request.headers().getAll(X_FORWARDED_FOR),
                request.getHeader(X_FORWARDED_PROTO), request.getHeader(X_FORWARDED_HOST),
                request.isSSL() ? "https" : "http", authority == null ? null : authority.toString());
    }

    /**
     * The decision itself.
     *
     * @param peerAddress    the TCP peer's address text, or null
     * @param forwardedFor   every {@code X-Forwarded-For} header, in the order received
     * @param forwardedProto the first {@code X-Forwarded-Proto} header, or null
     * @param forwardedHost  the first {@code X-Forwarded-Host} header, or null
     * @param ownProto       the scheme of the gateway's own connection
     * @param ownHost        the authority the request named on the gateway's own connection, or null
     */
    ClientOrigin resolve(String peerAddress, List<String> forwardedFor, String forwardedProto, String forwardedHost,
            String ownProto, String ownHost) {
        byte[] peer = IpLiterals.parsePeer(peerAddress);
        if (peer == null) {
            return new ClientOrigin(null, ownProto, ownHost);
        }
        if (!trusted.trusts(peer)) {
            return new ClientOrigin(IpLiterals.format(peer), ownProto, ownHost);
        }
        byte[] client = walk(forwardedFor, peer);
        String proto = proto(forwardedProto, ownProto);
        String host = host(forwardedHost, ownHost);
        return new ClientOrigin(IpLiterals.format(client), proto, host);
    }

    /** From the right: skip trusted proxies, the first untrusted entry is the client; garbage gives the peer. */
    private byte[] walk(List<String> headers, byte[] peer) {
        byte[] last = peer;
        for (int h = headers.size() - 1; h >= 0; h--) {
            String header = headers.get(h);
            int end = header.length();
            while (end >= 0) {
                int comma = header.lastIndexOf(',', end - 1);
                String entry = header.substring(comma + 1, end).trim();
                end = comma;
                if (entry.isEmpty()) {
                    continue;
                }
                byte[] address = IpLiterals.parseForwardedEntry(entry);
                if (address == null) {
                    return peer;
                }
                if (!trusted.trusts(address)) {
                    return address;
                }
                last = address;
            }
        }
        // every hop is a trusted proxy: the farthest one is the client (a health check from inside, a test)
        return last;
    }

    private static String proto(String forwarded, String own) {
        String first = firstValue(forwarded);
        if (first == null) {
            return own;
        }
        String lower = first.toLowerCase(Locale.ROOT);
        return "https".equals(lower) || "http".equals(lower) ? lower : own;
    }

    private static String host(String forwarded, String own) {
        String first = firstValue(forwarded);
        if (first == null || first.length() > MAX_HOST_LENGTH) {
            return own;
        }
        for (int i = 0; i < first.length(); i++) {
            char c = first.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
            if (!allowed) {
                return own;
            }
        }
        return first;
    }

    /** The leftmost value of a comma-separated header: what the proxy nearest the client wrote. */
    private static String firstValue(String header) {
        if (header == null) {
            return null;
        }
        int comma = header.indexOf(',');
        String first = (comma < 0 ? header : header.substring(0, comma)).trim();
        return first.isEmpty() ? null : first;
    }
}
