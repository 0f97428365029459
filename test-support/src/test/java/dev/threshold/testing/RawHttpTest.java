package dev.threshold.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RawHttpTest {

    @Test
    void sendsThePathExactlyAsWrittenAndSplitsTheAnswer() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<List<String>> received = CompletableFuture.supplyAsync(() -> {
                try (Socket socket = server.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
                    List<String> lines = new ArrayList<>();
                    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                        lines.add(line);
                    }
                    OutputStream out = socket.getOutputStream();
                    out.write("HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\n\r\nnot here".getBytes(StandardCharsets.ISO_8859_1));
                    return lines;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            RawHttp.Response response = RawHttp.get("http://127.0.0.1:" + server.getLocalPort(), "/api/v2/%2e%2e/internal",
                    "X-Region: us-east-1");

            assertThat(received.get(10, TimeUnit.SECONDS)).contains("GET /api/v2/%2e%2e/internal HTTP/1.1",
                    "Host: 127.0.0.1:" + server.getLocalPort(), "Connection: close", "X-Region: us-east-1");
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.head()).startsWith("HTTP/1.1 404").contains("Content-Type: text/plain");
            assertThat(response.body()).isEqualTo("not here");
        }
    }
}
