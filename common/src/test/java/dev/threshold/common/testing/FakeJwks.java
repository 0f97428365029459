package dev.threshold.common.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * identity-service's {@code /.well-known/jwks.json} for module tests: RSA keys the test publishes
 * (common's test key under {@link TestTokens#KID} to begin with) and withdraws, a count of the
 * requests it answered, and a switch that makes the next requests fail with {@code 503}.
 * Put a {@link TcpProxy} in front of it to make identity-service unreachable.
 */
public final class FakeJwks implements AutoCloseable {

    public static final String PATH = "/.well-known/jwks.json";

    private final Map<String, RSAPublicKey> keys = new LinkedHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger failNext = new AtomicInteger();
    private final HttpServer server;

    private FakeJwks(HttpServer server) {
        this.server = server;
    }

    /** Serves the test key of {@link TestTokens} on a free port of 127.0.0.1. */
    public static FakeJwks start() {
        try {
            FakeJwks jwks = new FakeJwks(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
            jwks.publish(TestTokens.KID, testPublicKey());
            jwks.server.createContext(PATH, jwks::answer);
            jwks.server.start();
            return jwks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public synchronized FakeJwks publish(String kid, RSAPublicKey key) {
        keys.put(kid, key);
        return this;
    }

    public synchronized FakeJwks withdraw(String kid) {
        keys.remove(kid);
        return this;
    }

    /** Requests answered so far (failed ones included). */
    public int requests() {
        return requests.get();
    }

    /** The next {@code count} requests get {@code 503} instead of the keys. */
    public void failNext(int count) {
        failNext.set(count);
    }

    /** A fresh RSA key pair, for a key identity-service starts signing with during a test. */
    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        byte[] body;
        int status;
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        if (!acceptsJwkSet(accept)) {
            // identity-service's endpoint produces only application/jwk-set+json and answers others 406
            status = 406;
            body = "{\"code\":\"not_acceptable\"}".getBytes(StandardCharsets.UTF_8);
        } else if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            status = 503;
            body = "{\"code\":\"service_unavailable\"}".getBytes(StandardCharsets.UTF_8);
        } else {
            status = 200;
            body = document().getBytes(StandardCharsets.UTF_8);
        }
        exchange.getResponseHeaders().add("Content-Type", status == 200 ? "application/jwk-set+json" : "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static boolean acceptsJwkSet(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        for (String range : accept.split(",")) {
            String type = range.split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
            if (type.equals("application/jwk-set+json") || type.equals("application/*") || type.equals("*/*")) {
                return true;
            }
        }
        return false;
    }

    private synchronized String document() {
        List<String> jwks = new ArrayList<>();
        for (Map.Entry<String, RSAPublicKey> key : keys.entrySet()) {
            jwks.add("{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + key.getKey() + "\",\"n\":\""
                    + base64Url(key.getValue().getModulus()) + "\",\"e\":\"" + base64Url(key.getValue().getPublicExponent())
                    + "\"}");
        }
        return "{\"keys\":[" + String.join(",", jwks) + "]}";
    }

    private static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static RSAPublicKey testPublicKey() {
        try {
            byte[] der = Base64.getDecoder().decode(TestTokens.publicKeyBase64());
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
