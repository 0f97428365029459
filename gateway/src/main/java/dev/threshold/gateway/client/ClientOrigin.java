package dev.threshold.gateway.client;

/**
 * Where a request really comes from, as the gateway tells the services: the client's address (canonical text, null
 * only when the connection has no IP peer), and the scheme and host the client used.
 *
 * @param address the client address, for example {@code 203.0.113.7} or {@code 2001:db8::7}
 * @param proto   {@code http} or {@code https}
 * @param host    the host (and port) the client asked for, or null when unknown
 */
public record ClientOrigin(String address, String proto, String host) {

    public boolean https() {
        return "https".equals(proto);
    }
}
