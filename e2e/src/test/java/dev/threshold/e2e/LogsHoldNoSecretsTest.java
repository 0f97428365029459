package dev.threshold.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Security suite: after the journeys and attacks above ran, no log of any process holds a secret —
 * neither the configured secrets, nor a password the suite used, nor a token (JWTs, refresh and
 * invitation tokens show up as long base64url runs after {@code token=} or {@code Bearer}).
 */
@Order(95)
@DisplayName("Security: no secret in any process log")
class LogsHoldNoSecretsTest {

    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}");
    private static final Pattern TOKEN_PARAMETER = Pattern.compile("(?i)(token=|bearer |refreshToken\"?:\\s*\"?)([A-Za-z0-9_-]{20,})");

    @Test
    void logsHoldNoSecrets() throws Exception {
        Path logs = E2e.ROOT.resolve(".threshold/logs");
        assumeTrue(Files.isDirectory(logs), "no .threshold/logs: system not started by ./threshold here");
        List<String> secrets = new ArrayList<>(List.of(Tenants.PASSWORD, "Journey-Secret-42", "Mfa-Journey-Secret-7"));
        Path secretsDir = E2e.ROOT.resolve(".threshold/secrets");
        for (String name : List.of("operator-token", "internal-token", "key-encryption-key", "mfa-encryption-key")) {
            Path file = secretsDir.resolve(name);
            if (Files.isRegularFile(file)) {
                secrets.add(Files.readString(file).trim());
            }
        }
        List<String> findings = new ArrayList<>();
        try (Stream<Path> files = Files.list(logs)) {
            for (Path log : (Iterable<Path>) files.filter(f -> f.getFileName().toString().endsWith(".log"))::iterator) {
                String name = log.getFileName().toString();
                if (name.startsWith("build") || name.startsWith("apt") || name.startsWith("keycloak") || name.startsWith("greenmail")) {
                    continue; // not ours: the Maven build, apt-get, the test IdP, the mail sink (it stands for the inboxes)
                }
                String text = Files.readString(log, StandardCharsets.ISO_8859_1);
                for (String secret : secrets) {
                    if (text.contains(secret)) {
                        findings.add(name + ": a configured secret or a password");
                    }
                }
                Matcher jwt = JWT.matcher(text);
                if (jwt.find()) {
                    findings.add(name + ": a JWT near offset " + jwt.start());
                }
                Matcher token = TOKEN_PARAMETER.matcher(text);
                if (token.find()) {
                    findings.add(name + ": a token after '" + token.group(1) + "' near offset " + token.start());
                }
            }
        }
        assertThat(findings).as("secrets in logs").isEmpty();
    }
}
