package dev.threshold.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Sends a request line exactly as written. HTTP client libraries normalize or re-encode paths like
 * {@code /api/v2/../internal}, which is precisely what tests of a path boundary must not let them do.
 */
public final class RawHttp {

    /** The status, the head (status line and headers) and the body of the answer. */
    public record Response(int status, String head, String body) {
    }

    private RawHttp() {
    }

    /** {@code GET rawPath} to the host and port of {@code base} (port 80 when it names none), with extra header lines. */
    public static Response get(URI base, String rawPath, String... headers) {
        int port = base.getPort() < 0 ? 80 : base.getPort();
        try (Socket socket = new Socket(base.getHost(), port)) {
            socket.setSoTimeout(15_000);
            StringBuilder request = new StringBuilder("GET ").append(rawPath).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(base.getHost()).append(':').append(port).append("\r\n")
                    .append("Connection: close\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String raw = new String(readAll(socket.getInputStream()), StandardCharsets.UTF_8);
            int split = raw.indexOf("\r\n\r\n");
            String head = split < 0 ? raw : raw.substring(0, split);
            String body = split < 0 ? "" : raw.substring(split + 4);
            return new Response(Integer.parseInt(head.substring(9, 12)), head, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Response get(String base, String rawPath, String... headers) {
        return get(URI.create(base), rawPath, headers);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        return bytes.toByteArray();
    }
}
