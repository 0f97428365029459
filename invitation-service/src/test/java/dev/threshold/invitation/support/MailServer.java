package dev.threshold.invitation.support;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * GreenMail on a free port (never 3025: the local runner's sink lives there). Tests can stop it
 * to play an SMTP outage and start it again on the same port.
 */
public final class MailServer {

    private static volatile GreenMail greenMail;
    private static int port;

    private MailServer() {
    }

    public static synchronized int startOnFreePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
        return port;
    }

    public static synchronized void start() {
        GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        server.start();
        greenMail = server;
    }

    public static synchronized void stop() {
        if (greenMail != null) {
            greenMail.stop();
            greenMail = null;
        }
    }

    public static boolean running() {
        return greenMail != null;
    }

    /** Every message received (since the last start) with this recipient. */
    public static List<MimeMessage> messagesTo(String email) {
        GreenMail server = greenMail;
        if (server == null) {
            return List.of();
        }
        return Arrays.stream(server.getReceivedMessages()).filter(message -> addressedTo(message, email)).toList();
    }

    /** How many received messages have a recipient containing {@code fragment} (e.g. a domain). */
    public static long countTo(String fragment) {
        GreenMail server = greenMail;
        if (server == null) {
            return 0;
        }
        return Arrays.stream(server.getReceivedMessages()).filter(message -> addressedTo(message, fragment)).count();
    }

    public static MimeMessage awaitMessageTo(String email, Duration timeout) {
        return Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> messagesTo(email), list -> !list.isEmpty()).get(0);
    }

    private static boolean addressedTo(MimeMessage message, String email) {
        try {
            Address[] recipients = message.getAllRecipients();
            return recipients != null && Arrays.stream(recipients)
                    .anyMatch(address -> address.toString().toLowerCase().contains(email.toLowerCase()));
        } catch (MessagingException e) {
            return false;
        }
    }
}
