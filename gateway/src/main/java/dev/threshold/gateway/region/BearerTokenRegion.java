package dev.threshold.gateway.region;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads the {@code region} claim of a bearer JWT without verifying it. That is enough for routing: the service in
 * the chosen region verifies the signature, and a forged claim only sends the forger to a region whose keys did not
 * sign the token.
 *
 * <p>The payload is not parsed into a tree: a single pass walks the members of the top-level object, skipping every
 * value but the {@code region} one (nested objects, arrays and strings are stepped over, escapes honoured), so a
 * routing decision costs one base64 decode and one scan, with nothing allocated but the claim itself. As with a
 * JSON parser, a later duplicate member wins; anything that is not a JSON object gives no claim.
 */
public final class BearerTokenRegion {

    /** Larger payloads are not access tokens of ours; not worth decoding. */
    private static final int MAX_PAYLOAD_CHARS = 16 * 1024;
    private static final byte[] REGION = "region".getBytes(StandardCharsets.US_ASCII);

    private BearerTokenRegion() {
    }

    /**
     * @param authorization the Authorization header, may be null
     * @return the region claim, or empty when there is no bearer token, it is not a JWS, or it has no string claim
     */
    public static Optional<String> of(String authorization) {
        if (authorization == null || authorization.length() < 8
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        int start = 7;
        int end = authorization.length();
        while (start < end && Character.isWhitespace(authorization.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(authorization.charAt(end - 1))) {
            end--;
        }
        int firstDot = authorization.indexOf('.', start);
        if (firstDot < 0 || firstDot >= end) {
            return Optional.empty();
        }
        int secondDot = authorization.indexOf('.', firstDot + 1);
        if (secondDot < 0 || secondDot >= end || authorization.indexOf('.', secondDot + 1) >= 0
                && authorization.indexOf('.', secondDot + 1) < end) {
            return Optional.empty();
        }
        int payloadEnd = secondDot;
        while (payloadEnd > firstDot + 1 && authorization.charAt(payloadEnd - 1) == '=') {
            payloadEnd--;
        }
        int length = payloadEnd - (firstDot + 1);
        if (length <= 0 || secondDot - (firstDot + 1) > MAX_PAYLOAD_CHARS) {
            return Optional.empty();
        }
        byte[] json;
        try {
            json = Base64.getUrlDecoder().decode(authorization.substring(firstDot + 1, payloadEnd));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
        String claim = new Scanner(json).regionClaim();
        return claim == null || claim.isBlank() ? Optional.empty() : Optional.of(claim);
    }

    /** One pass over a JSON document, reading only the top-level {@code region} member. */
    private static final class Scanner {

        private final byte[] in;
        private int pos;

        Scanner(byte[] in) {
            this.in = in;
        }

        /** The region claim if it is a string, null when absent, not a string, or the document is malformed. */
        String regionClaim() {
            try {
                skipWhitespace();
                expect('{');
                String region = null;
                skipWhitespace();
                if (peek() == '}') {
                    return null;
                }
                while (true) {
                    skipWhitespace();
                    expect('"');
                    int keyStart = pos;
                    boolean isRegion = skipString() && pos - 1 - keyStart == REGION.length && regionAt(keyStart);
                    skipWhitespace();
                    expect(':');
                    skipWhitespace();
                    if (isRegion) {
                        region = peek() == '"' ? readString() : null;
                        if (region == null) {
                            skipValue();
                        }
                    } else {
                        skipValue();
                    }
                    skipWhitespace();
                    byte next = next();
                    if (next == '}') {
                        return region;
                    }
                    if (next != ',') {
                        return null;
                    }
                }
            } catch (Malformed | IndexOutOfBoundsException | NumberFormatException malformed) {
                return null;
            }
        }

        private boolean regionAt(int start) {
            for (int i = 0; i < REGION.length; i++) {
                if (in[start + i] != REGION[i]) {
                    return false;
                }
            }
            return true;
        }

        private void skipValue() {
            byte c = peek();
            if (c == '"') {
                pos++;
                skipString();
            } else if (c == '{' || c == '[') {
                skipContainer();
            } else {
                // number, true, false, null: up to the next delimiter
                int start = pos;
                while (pos < in.length && in[pos] != ',' && in[pos] != '}' && in[pos] != ']' && !isWhitespace(in[pos])) {
                    pos++;
                }
                if (pos == start) {
                    throw new Malformed();
                }
            }
        }

        private void skipContainer() {
            int depth = 0;
            do {
                byte c = next();
                if (c == '"') {
                    skipString();
                } else if (c == '{' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ']') {
                    depth--;
                }
            } while (depth > 0);
        }

        /** After an opening quote: to just past the closing one. Returns false if the string had escapes. */
        private boolean skipString() {
            boolean plain = true;
            while (true) {
                byte c = next();
                if (c == '"') {
                    return plain;
                }
                if (c == '\\') {
                    plain = false;
                    next();
                }
            }
        }

        /** At an opening quote: the decoded string. */
        private String readString() {
            expect('"');
            StringBuilder out = new StringBuilder(16);
            while (true) {
                byte c = next();
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\') {
                    byte e = next();
                    switch (e) {
                        case '"', '\\', '/' -> out.append((char) e);
                        case 'b' -> out.append('\b');
                        case 'f' -> out.append('\f');
                        case 'n' -> out.append('\n');
                        case 'r' -> out.append('\r');
                        case 't' -> out.append('\t');
                        case 'u' -> {
                            if (pos + 4 > in.length) {
                                throw new Malformed();
                            }
                            int code = Integer.parseInt(new String(in, pos, 4, StandardCharsets.US_ASCII), 16);
                            pos += 4;
                            out.append((char) code);
                        }
                        default -> throw new Malformed();
                    }
                } else if (c >= 0) {
                    out.append((char) c);
                } else {
                    // a run of UTF-8 bytes
                    int start = pos - 1;
                    while (pos < in.length && in[pos] < 0) {
                        pos++;
                    }
                    out.append(new String(in, start, pos - start, StandardCharsets.UTF_8));
                }
            }
        }

        private void skipWhitespace() {
            while (pos < in.length && isWhitespace(in[pos])) {
                pos++;
            }
        }

        private static boolean isWhitespace(byte c) {
            return c == ' ' || c == '\t' || c == '\n' || c == '\r';
        }

        private byte peek() {
            if (pos >= in.length) {
                throw new Malformed();
            }
            return in[pos];
        }

        private byte next() {
            if (pos >= in.length) {
                throw new Malformed();
            }
            return in[pos++];
        }

        private void expect(char c) {
            if (next() != c) {
                throw new Malformed();
            }
        }
    }

    /** The payload is not the JSON object it should be. */
    private static final class Malformed extends RuntimeException {

        Malformed() {
            super(null, null, false, false);
        }
    }
}
