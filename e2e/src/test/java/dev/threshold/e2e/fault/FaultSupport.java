package dev.threshold.e2e.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RedirectConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.filter.log.LogDetail;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the fault suite needs against {@code ./threshold up}: the gateway, the mail sink, the
 * operator token, TOTP codes, and the region's RabbitMQ, which it stops and starts again with
 * {@code rabbitmqctl stop_app} / {@code start_app} (always started again in a finally block).
 */
final class FaultSupport {

    static final String REGION = "us-east-1";
    static final String GATEWAY = System.getProperty("threshold.gateway.url", "http://localhost:8080");
    static final Path ROOT = Path.of(System.getProperty("threshold.root", "..")).toAbsolutePath().normalize();
    static final String MAIL_HOST = System.getProperty("threshold.mail.host", "127.0.0.1");
    static final int IMAP_PORT = Integer.getInteger("threshold.mail.imap.port", 3143);
    static final String MAIL_API = System.getProperty("threshold.mail.api.url", "http://127.0.0.1:8025");
    /** rabbitmqctl's node; empty for its default (the broker ./threshold up uses). */
    static final String RABBIT_NODE = System.getProperty("threshold.rabbitmq.node", "");
    private static final Pattern TOKEN = Pattern.compile("/invite\\?token=([A-Za-z0-9_-]+)&region=([a-z0-9-]+)");

    private FaultSupport() {
    }

    static RequestSpecification gateway() {
        return RestAssured.given()
                .spec(new RequestSpecBuilder()
                        .setBaseUri(GATEWAY)
                        .setConfig(RestAssuredConfig.config()
                                .redirect(RedirectConfig.redirectConfig().followRedirects(false))
                                .httpClient(HttpClientConfig.httpClientConfig()
                                        .setParam("http.connection.timeout", 5_000)
                                        .setParam("http.socket.timeout", 30_000)))
                        .build())
                .header("X-Region", REGION)
                .log().ifValidationFails(LogDetail.ALL);
    }

    static String operatorToken() throws IOException {
        String fromEnv = System.getenv("THRESHOLD_OPERATOR_TOKEN");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        return Files.readString(ROOT.resolve(".threshold/secrets/operator-token")).trim();
    }

    /** A new org in {@link #REGION} whose first admin has accepted: the admin's access token. */
    static String newOrgAdmin(String orgName, String adminEmail, String password) throws Exception {
        Response created = gateway().auth().oauth2(operatorToken()).contentType("application/json")
                .body(Map.of("name", orgName, "adminEmail", adminEmail, "adminName", "Ada", "locale", "en"))
                .post("/api/v2/orgs");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        Response admin = accept(invitationToken(adminEmail, Duration.ofSeconds(60)), password);
        assertThat(admin.jsonPath().getString("status")).as(admin.asString()).isEqualTo("AUTHENTICATED");
        return admin.jsonPath().getString("accessToken");
    }

    static Response accept(String token, String password) {
        return gateway().contentType("application/json").body(Map.of("token", token, "password", password))
                .post("/api/v2/auth/invitations/accept");
    }

    static Response passwordLogin(String email, String password) {
        return gateway().contentType("application/json").body(Map.of("email", email, "password", password))
                .post("/api/v2/auth/login");
    }

    /** How many messages the recipient has (GreenMail's REST API). */
    static int mailCount(String recipient) {
        Response r = RestAssured.given().baseUri(MAIL_API).get("/api/user/{email}/messages/INBOX", recipient);
        if (r.statusCode() == 404) {
            return 0;
        }
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        List<Object> messages = JsonPath.from(r.asString()).getList("$");
        return messages == null ? 0 : messages.size();
    }

    /** The token in the single invitation email of the recipient. */
    static String invitationToken(String recipient, Duration timeout) {
        AtomicReference<String> text = new AtomicReference<>();
        await().atMost(timeout).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            text.set(onlyMailText(recipient));
            assertThat(text.get()).isNotNull();
        });
        Matcher link = TOKEN.matcher(text.get());
        assertThat(link.find()).as("link in %s", text.get()).isTrue();
        return link.group(1);
    }

    private static String onlyMailText(String recipient) throws Exception {
        Properties props = new Properties();
        props.put("mail.imap.connectiontimeout", "5000");
        props.put("mail.imap.timeout", "5000");
        Store store = Session.getInstance(props).getStore("imap");
        store.connect(MAIL_HOST, IMAP_PORT, recipient, recipient);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                Message[] messages = inbox.getMessages();
                if (messages.length == 0) {
                    return null;
                }
                assertThat(messages).as("one invitation mail").hasSize(1);
                return plainText(messages[0]);
            } finally {
                inbox.close(false);
            }
        } finally {
            store.close();
        }
    }

    private static String plainText(Part part) throws Exception {
        if (part.isMimeType("text/plain")) {
            return part.getContent().toString();
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                String text = plainText(multipart.getBodyPart(i));
                if (text != null) {
                    return text;
                }
            }
        }
        return null;
    }

    static String uniqueEmail(String prefix) {
        return prefix + "-" + UUID.randomUUID() + "@fault.test";
    }

    // --- the broker ---

    static void stopBroker() throws Exception {
        rabbitmqctl("stop_app");
    }

    static void startBroker() throws Exception {
        rabbitmqctl("start_app");
        rabbitmqctl("await_startup");
    }

    private static void rabbitmqctl(String command) throws Exception {
        List<String> args = RABBIT_NODE.isBlank() ? List.of("rabbitmqctl", command)
                : List.of("rabbitmqctl", "-n", RABBIT_NODE, command);
        Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", args) + " did not finish in 90 s");
        }
        String output = new String(process.getInputStream().readAllBytes());
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", args) + " failed: " + output);
        }
    }

    /** Holds the outage for this long (the scenario's length, not a wait for a fact). */
    static void hold(Duration duration) {
        await().pollDelay(duration).atMost(duration.plusSeconds(1)).until(() -> true);
    }

    // --- TOTP (RFC 6238, HMAC-SHA1, 6 digits, 30 s), independent of mfa-service ---

    static String totp(String base32Secret, long step) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(base32(base32Secret), "HmacSHA1"));
        byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
        int offset = hash[hash.length - 1] & 0x0f;
        int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
        return String.format("%06d", binary % 1_000_000);
    }

    private static byte[] base32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        String clean = text.replace("=", "").toUpperCase();
        ByteBuffer out = ByteBuffer.allocate(clean.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (char c : clean.toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.put((byte) (buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return out.array();
    }
}
