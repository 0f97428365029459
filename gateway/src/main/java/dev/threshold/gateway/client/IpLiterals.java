package dev.threshold.gateway.client;

import io.netty.util.NetUtil;

/**
 * IP address literals, never names: nothing here resolves DNS. IPv4-mapped IPv6 addresses ({@code ::ffff:a.b.c.d})
 * count as the IPv4 address they carry, so one client has one form whichever socket family it came over.
 */
final class IpLiterals {

    private static final int MAX_LENGTH = 64;

    private IpLiterals() {
    }

    /** The address bytes (4 or 16) of a plain literal ({@code 192.0.2.1}, {@code 2001:db8::1}), or null. */
    static byte[] parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH || text.charAt(0) == '['
                || text.indexOf('%') >= 0) {
            return null;
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(text);
        return bytes == null ? null : unmapped(bytes);
    }

    /**
     * The address bytes of one {@code X-Forwarded-For} entry: a literal, optionally with a port ({@code 192.0.2.1:443},
     * {@code [2001:db8::1]:443}, {@code [2001:db8::1]}), or null when it is anything else ({@code unknown},
     * a name, an obfuscated identifier, garbage).
     */
    static byte[] parseForwardedEntry(String entry) {
        if (entry == null || entry.isEmpty() || entry.length() > MAX_LENGTH) {
            return null;
        }
        if (entry.charAt(0) == '[') {
            int close = entry.indexOf(']');
            if (close < 0 || !(close == entry.length() - 1 || isPort(entry, close + 1))) {
                return null;
            }
            String inner = entry.substring(1, close);
            return inner.indexOf(':') < 0 ? null : parse(inner);
        }
        int colon = entry.indexOf(':');
        if (colon > 0 && colon == entry.lastIndexOf(':')) {
            // one colon: an IPv4 address with a port (an IPv6 literal has at least two)
            return isPort(entry, colon) ? parse4(entry.substring(0, colon)) : null;
        }
        return parse(entry);
    }

    /** Like {@link #parse}, for a socket's own address text, which may carry an IPv6 zone ({@code fe80::1%eth0}). */
    static byte[] parsePeer(String text) {
        if (text == null) {
            return null;
        }
        int zone = text.indexOf('%');
        return parse(zone < 0 ? text : text.substring(0, zone));
    }

    /** The canonical text of an address: dotted quad, or RFC 5952 compressed lower-case IPv6. */
    static String format(byte[] address) {
        return NetUtil.bytesToIpAddress(address);
    }

    private static byte[] parse4(String text) {
        return NetUtil.isValidIpV4Address(text) ? NetUtil.createByteArrayFromIpAddressString(text) : null;
    }

    /** {@code :port} (0 to 65535) from {@code from} to the end of {@code text}. */
    private static boolean isPort(String text, int from) {
        int digits = text.length() - from - 1;
        if (text.charAt(from) != ':' || digits < 1 || digits > 5) {
            return false;
        }
        int port = 0;
        for (int i = from + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            port = port * 10 + (c - '0');
        }
        return port <= 65535;
    }

    private static byte[] unmapped(byte[] bytes) {
        if (bytes.length != 16) {
            return bytes;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return bytes;
            }
        }
        if (bytes[10] != (byte) 0xff || bytes[11] != (byte) 0xff) {
            return bytes;
        }
        return new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]};
    }
}
