package dev.threshold.invitation.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * The outside world of the module's tests, shared by every test class (one Quarkus app):
 * GreenMail on a free port. Postgres and RabbitMQ are the real shared ones
 * ({@code threshold_test}, {@code threshold-test}); tokens are verified with the test key.
 */
public class InvitationTestResources implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        int smtpPort = MailServer.startOnFreePort();
        return Map.of(
                "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", String.valueOf(smtpPort),
                "quarkus.mailer.mock", "false");
    }

    @Override
    public void stop() {
        MailServer.stop();
    }
}
