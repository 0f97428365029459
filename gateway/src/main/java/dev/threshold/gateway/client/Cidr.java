package dev.threshold.gateway.client;

import java.util.Arrays;

/** One block of addresses, {@code 10.0.0.0/8} or {@code fd00::/8}; a bare address is a block of one. */
final class Cidr {

    private final byte[] network;
    private final int prefixLength;
    private final String text;

    private Cidr(byte[] network, int prefixLength, String text) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = text;
    }

    /** Parses {@code address[/prefix]}; anything else is an {@link IllegalArgumentException} naming the value. */
    static Cidr parse(String value) {
        String text = value.trim();
        int slash = text.indexOf('/');
        String addressText = slash < 0 ? text : text.substring(0, slash);
        byte[] address = IpLiterals.parse(addressText);
        if (address == null) {
            throw new IllegalArgumentException("not an IP address or CIDR block: '" + value + "'");
        }
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a CIDR prefix length: '" + value + "'");
            }
            if (address.length == 4 && addressText.indexOf(':') >= 0) {
                // an IPv4-mapped IPv6 block (::ffff:10.0.0.0/104) is the IPv4 block it maps
                prefix -= 96;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("CIDR prefix length out of range: '" + value + "'");
            }
        }
        return new Cidr(mask(address, prefix), prefix, text);
    }

    boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int whole = prefixLength / 8;
        for (int i = 0; i < whole; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int bitMask = (0xff << (8 - rest)) & 0xff;
        return (address[whole] & bitMask) == (network[whole] & 0xff);
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] masked = Arrays.copyOf(address, address.length);
        for (int bit = prefix; bit < masked.length * 8; bit++) {
            masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return masked;
    }

    @Override
    public String toString() {
        return text;
    }
}
