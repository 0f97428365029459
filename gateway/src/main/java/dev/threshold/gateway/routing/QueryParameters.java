package dev.threshold.gateway.routing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Reads one query parameter leniently: a malformed query simply does not have it. */
final class QueryParameters {

    private QueryParameters() {
    }

    static String first(String rawQuery, String name) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            try {
                if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
                    return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            } catch (IllegalArgumentException malformed) {
                // skip this pair
            }
        }
        return null;
    }
}
