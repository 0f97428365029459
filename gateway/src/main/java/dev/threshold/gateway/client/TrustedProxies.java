package dev.threshold.gateway.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The proxies whose {@code X-Forwarded-*} headers the gateway believes: the ingress in front of it (and, locally,
 * loopback, so tests can stand in for many clients). Parsed once; {@code none} trusts nobody.
 */
public final class TrustedProxies {

    public static final String NONE = "none";

    private final Cidr[] blocks;

    private TrustedProxies(Cidr[] blocks) {
        this.blocks = blocks;
    }

    /** Each value is a CIDR block or a single address; a value may itself be a comma-separated list. */
    public static TrustedProxies parse(List<String> values) {
        List<Cidr> blocks = new ArrayList<>();
        for (String value : values) {
            for (String part : value.split(",")) {
                String trimmed = part.trim();
                if (trimmed.isEmpty() || NONE.equals(trimmed.toLowerCase(Locale.ROOT))) {
                    continue;
                }
                blocks.add(Cidr.parse(trimmed));
            }
        }
        return new TrustedProxies(blocks.toArray(new Cidr[0]));
    }

    boolean trusts(byte[] address) {
        for (Cidr block : blocks) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        if (blocks.length == 0) {
            return NONE;
        }
        StringBuilder text = new StringBuilder();
        for (Cidr block : blocks) {
            text.append(text.length() == 0 ? "" : ",").append(block);
        }
        return text.toString();
    }
}
