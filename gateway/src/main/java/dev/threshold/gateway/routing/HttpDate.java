package dev.threshold.gateway.routing;

import io.netty.util.AsciiString;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The {@code Date} header value of the current second, formatted once per second rather than once per response. */
final class HttpDate {

    private record Stamp(long second, AsciiString value) {
    }

    private static volatile Stamp current = new Stamp(-1, AsciiString.EMPTY_STRING);

    private HttpDate() {
    }

    static CharSequence now() {
        long second = System.currentTimeMillis() / 1000;
        Stamp stamp = current;
        if (stamp.second() != second) {
            stamp = new Stamp(second, AsciiString.of(DateTimeFormatter.RFC_1123_DATE_TIME
                    .format(Instant.ofEpochSecond(second).atOffset(ZoneOffset.UTC))));
            current = stamp;
        }
        return stamp.value();
    }
}
