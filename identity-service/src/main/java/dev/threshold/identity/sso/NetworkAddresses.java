package dev.threshold.identity.sso;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What kind of network an address belongs to, for the SSRF guard of identity providers
 * ({@link IdpAddressGuard}). Pure functions, no DNS: hosts are resolved by the guard and every
 * resolved address is classified here. Addresses that embed an IPv4 address (IPv4-mapped,
 * NAT64, 6to4) are classified by the embedded one.
 */
public final class NetworkAddresses {

    /** The kinds of address; only {@link #PUBLIC} is always usable, loopback and private on request. */
    public enum Kind {
        PUBLIC,
        LOOPBACK,
        PRIVATE,
        /** 169.254.0.0/16, fe80::/10: where cloud metadata services live. */
        LINK_LOCAL,
        /** Cloud metadata services outside link-local (fd00:ec2::254, 100.100.100.200). */
        METADATA,
        UNSPECIFIED,
        BROADCAST,
        MULTICAST,
        /** Documentation, benchmarking, reserved and transition ranges: nothing an IdP lives on. */
        RESERVED
    }

    private static final Pattern NUMERIC_LOOKING = Pattern.compile("[0-9a-fA-FxX.]+");
    private static final Pattern CANONICAL_V4 = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

    private NetworkAddresses() {
    }

    public static Kind classify(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return classifyV4(bytes);
        }
        if (address instanceof Inet6Address) {
            return classifyV6(bytes);
        }
        return Kind.RESERVED;
    }

    /** Usable as the address of an identity provider (and of the endpoints it names)? */
    public static boolean allowed(Kind kind, boolean allowPrivate) {
        return kind == Kind.PUBLIC || allowPrivate && (kind == Kind.LOOPBACK || kind == Kind.PRIVATE);
    }

    /**
     * A host that the C resolver (inet_aton) would read as an IPv4 address although it is not a
     * dotted quad in decimal: {@code 2130706433}, {@code 0x7f.1}, {@code 017700000001},
     * {@code 127.1}. Such spellings have no business in an issuer URL and are refused.
     */
    public static boolean isObscureNumericHost(String host) {
        String h = stripTrailingDot(host);
        if (!NUMERIC_LOOKING.matcher(h).matches() || CANONICAL_V4.matcher(h).matches()) {
            return false;
        }
        return inetAton(h) != null;
    }

    /** A literal IP address (IPv4 dotted quad or IPv6, brackets optional), else null; never DNS. */
    public static InetAddress literal(String host) {
        String h = host;
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        try {
            if (CANONICAL_V4.matcher(h).matches() || h.contains(":") && h.matches("[0-9a-fA-F:.%A-Za-z]+")) {
                return InetAddress.getByName(h);
            }
        } catch (UnknownHostException e) {
            return null;
        }
        return null;
    }

    static String stripTrailingDot(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    /** inet_aton: 1 to 4 parts, each decimal, 0x-hex or 0-octal; the last part fills the rest. */
    static byte[] inetAton(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length < 1 || parts.length > 4) {
            return null;
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            try {
                if (part.isEmpty()) {
                    return null;
                } else if (part.startsWith("0x") || part.startsWith("0X")) {
                    values[i] = part.length() == 2 ? 0 : Long.parseLong(part.substring(2), 16);
                } else if (part.length() > 1 && part.startsWith("0")) {
                    values[i] = Long.parseLong(part.substring(1), 8);
                } else {
                    values[i] = Long.parseLong(part, 10);
                }
            } catch (NumberFormatException e) {
                return null;
            }
        }
        long value = 0;
        for (int i = 0; i < values.length - 1; i++) {
            if (values[i] > 255) {
                return null;
            }
            value |= values[i] << (24 - 8 * i);
        }
        long last = values[values.length - 1];
        if (last >= 1L << (8 * (4 - (values.length - 1)))) {
            return null;
        }
        value |= last;
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    private static Kind classifyV4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        int a3 = b[3] & 0xff;
        if (a0 == 0) {
            return Kind.UNSPECIFIED;
        }
        if (a0 == 127) {
            return Kind.LOOPBACK;
        }
        if (a0 == 169 && a1 == 254) {
            return Kind.LINK_LOCAL;
        }
        if (a0 == 100 && a1 == 100 && a2 == 100 && a3 == 200) {
            return Kind.METADATA;
        }
        if (a0 == 10 || a0 == 172 && (a1 & 0xf0) == 16 || a0 == 192 && a1 == 168) {
            return Kind.PRIVATE;
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            // shared address space (carrier-grade NAT): private to someone
            return Kind.PRIVATE;
        }
        if (a0 == 255 && a1 == 255 && a2 == 255 && a3 == 255) {
            return Kind.BROADCAST;
        }
        if ((a0 & 0xf0) == 224) {
            return Kind.MULTICAST;
        }
        if ((a0 & 0xf0) == 240 || a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2) || a0 == 198 && (a1 & 0xfe) == 18
                || a0 == 198 && a1 == 51 && a2 == 100 || a0 == 203 && a1 == 0 && a2 == 113
                || a0 == 192 && a1 == 88 && a2 == 99) {
            return Kind.RESERVED;
        }
        return Kind.PUBLIC;
    }

    private static Kind classifyV6(byte[] b) {
        boolean firstTenZero = true;
        for (int i = 0; i < 10; i++) {
            firstTenZero &= b[i] == 0;
        }
        if (firstTenZero && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            // IPv4-mapped ::ffff:a.b.c.d
            return classifyV4(new byte[] {b[12], b[13], b[14], b[15]});
        }
        if (firstTenZero && b[10] == 0 && b[11] == 0) {
            boolean zero = b[12] == 0 && b[13] == 0 && b[14] == 0;
            if (zero && b[15] == 0) {
                return Kind.UNSPECIFIED;
            }
            if (zero && b[15] == 1) {
                return Kind.LOOPBACK;
            }
            // IPv4-compatible (deprecated): never an IdP
            return Kind.RESERVED;
        }
        int w0 = (b[0] & 0xff) << 8 | b[1] & 0xff;
        int w1 = (b[2] & 0xff) << 8 | b[3] & 0xff;
        if (w0 == 0x0064 && w1 == 0xff9b) {
            // NAT64 64:ff9b::/96 (and the local-use /48): the embedded IPv4 address decides
            return classifyV4(new byte[] {b[12], b[13], b[14], b[15]});
        }
        if (w0 == 0x2002) {
            // 6to4: 2002:AABB:CCDD::/48 reaches AA.BB.CC.DD
            Kind embedded = classifyV4(new byte[] {b[2], b[3], b[4], b[5]});
            return embedded == Kind.PUBLIC ? Kind.PUBLIC : embedded;
        }
        if (w0 == 0xfd00 && w1 == 0x0ec2 && isAwsMetadataTail(b)) {
            return Kind.METADATA;
        }
        if ((b[0] & 0xfe) == 0xfc) {
            return Kind.PRIVATE;
        }
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) {
            return Kind.LINK_LOCAL;
        }
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
            // site-local (deprecated): private in practice
            return Kind.PRIVATE;
        }
        if ((b[0] & 0xff) == 0xff) {
            return Kind.MULTICAST;
        }
        if (w0 == 0x2001 && w1 == 0x0db8 || w0 == 0x2001 && w1 == 0x0000 || w0 == 0x0100 && w1 == 0
                || w0 == 0x3fff && (w1 & 0xf000) == 0) {
            // documentation, Teredo (hides an IPv4 address), discard-only, documentation (3fff::/20)
            return Kind.RESERVED;
        }
        return Kind.PUBLIC;
    }

    /** fd00:ec2::254 exactly. */
    private static boolean isAwsMetadataTail(byte[] b) {
        for (int i = 4; i < 14; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[14] & 0xff) == 0x02 && (b[15] & 0xff) == 0x54;
    }
}
