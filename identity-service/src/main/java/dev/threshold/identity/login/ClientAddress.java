package dev.threshold.identity.login;

import io.netty.util.NetUtil;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;

/**
 * The address a request comes from. {@code X-Forwarded-For} is believed only when the TCP peer is
 * one of {@code threshold.login.trusted-proxies} (the gateway, which overwrites the header with the
 * one address it saw); then its last value counts. From any other peer, or when that value is not
 * an IP literal, the peer's own address counts, so a client that reaches the service directly
 * cannot pick its address. Answers the canonical text form (RFC 5952 for IPv6; IPv4-mapped IPv6
 * as IPv4), so one address is always one key.
 */
@ApplicationScoped
public class ClientAddress {

    private static final String HEADER = "X-Forwarded-For";

    private final List<Cidr> trusted;

    @Inject
    public ClientAddress(LoginConfig config) {
        this(config.trustedProxies());
    }

    /** Fails at start-up on a malformed CIDR rather than trusting less (or more) than configured. */
    public ClientAddress(List<String> trustedProxies) {
        this.trusted = trustedProxies.stream().map(String::trim).filter(s -> !s.isEmpty()).map(Cidr::parse).toList();
    }

    public String of(HttpServerRequest request) {
        SocketAddress peer = request.remoteAddress();
        List<String> forwarded = request.headers().getAll(HEADER);
        return of(peer == null ? null : peer.hostAddress(),
                forwarded.isEmpty() ? null : forwarded.get(forwarded.size() - 1));
    }

    /** The client of a request from {@code peer} that carried {@code forwardedFor} (its last header). */
    public String of(String peer, String forwardedFor) {
        byte[] peerBytes = parse(peer);
        if (peerBytes == null) {
            return peer == null || peer.isBlank() ? "unknown" : "peer:" + peer;
        }
        if (forwardedFor != null && isTrusted(peerBytes)) {
            byte[] client = parse(forwardedFor.substring(forwardedFor.lastIndexOf(',') + 1));
            if (client != null) {
                return format(client);
            }
        }
        return format(peerBytes);
    }

    /** Whether {@code address} (an IP literal) is one of the trusted proxies. */
    public boolean isTrusted(String address) {
        byte[] bytes = parse(address);
        return bytes != null && isTrusted(bytes);
    }

    private boolean isTrusted(byte[] address) {
        for (Cidr cidr : trusted) {
            if (cidr.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The bytes of an IP literal (4 for IPv4 and IPv4-mapped IPv6, else 16), or null when the text
     * is not one (host names are never resolved). Brackets and an IPv6 zone are dropped.
     */
    static byte[] parse(String text) {
        if (text == null) {
            return null;
        }
        String literal = text.trim();
        if (literal.length() > 2 && literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        int zone = literal.indexOf('%');
        if (zone > 0) {
            literal = literal.substring(0, zone);
        }
        if (literal.isEmpty() || literal.length() > 45
                || !(NetUtil.isValidIpV4Address(literal) || NetUtil.isValidIpV6Address(literal))) {
            return null;
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(literal);
        if (bytes == null) {
            return null;
        }
        if (bytes.length == 16 && isV4Mapped(bytes)) {
            return Arrays.copyOfRange(bytes, 12, 16);
        }
        return bytes;
    }

    static String format(byte[] address) {
        return NetUtil.bytesToIpAddress(address);
    }

    private static boolean isV4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    /** An address block: {@code 10.0.0.0/8}, {@code fd00::/8}, or one address without a prefix. */
    record Cidr(byte[] network, int bits) {

        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            byte[] network = ClientAddress.parse(slash < 0 ? text : text.substring(0, slash));
            if (network == null) {
                throw new IllegalArgumentException("threshold.login.trusted-proxies: not an address block: " + text);
            }
            int bits = network.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(text.substring(slash + 1).trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("threshold.login.trusted-proxies: bad prefix length: " + text);
                }
                // an IPv4-mapped block (::ffff:10.0.0.0/104) is the IPv4 block it maps
                if (network.length == 4 && text.contains(":")) {
                    bits -= 96;
                }
                if (bits < 0 || bits > network.length * 8) {
                    throw new IllegalArgumentException("threshold.login.trusted-proxies: bad prefix length: " + text);
                }
            }
            return new Cidr(network, bits);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[whole] & mask) == (network[whole] & mask);
        }
    }
}
