package dev.threshold.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The local SMTP sink (GreenMail standalone started by ./threshold up): a mail sent to SMTP
 * 3025 is readable over IMAP 3143 (user = password = recipient address) and through the REST
 * API on 8025, which is how tests read invitation mails.
 */
@Order(3)
@DisplayName("SMTP sink: send over SMTP, read over IMAP and REST")
class MailSinkTest {

    @Test
    void mailIsReadableOverImapAndRest() throws Exception {
        String id = UUID.randomUUID().toString();
        String recipient = "e2e-" + id + "@example.test";
        String subject = "e2e mail " + id;
        String text = "Hello from the e2e suite, " + id;

        Properties props = new Properties();
        props.put("mail.smtp.host", E2e.MAIL_HOST);
        props.put("mail.smtp.port", String.valueOf(E2e.SMTP_PORT));
        props.put("mail.smtp.connectiontimeout", "5000");
        props.put("mail.smtp.timeout", "5000");
        props.put("mail.imap.connectiontimeout", "5000");
        props.put("mail.imap.timeout", "5000");
        Session session = Session.getInstance(props);

        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("no-reply@threshold.test"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(recipient));
        message.setSubject(subject);
        message.setText(text, "UTF-8");
        Transport.send(message);

        // IMAP: the recipient address is both the user name and the password
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Store store = session.getStore("imap");
            store.connect(E2e.MAIL_HOST, E2e.IMAP_PORT, recipient, recipient);
            try {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                try {
                    Message[] messages = inbox.getMessages();
                    assertThat(messages).hasSize(1);
                    assertThat(messages[0].getSubject()).isEqualTo(subject);
                    assertThat(messages[0].getContent().toString()).contains(text);
                } finally {
                    inbox.close(false);
                }
            } finally {
                store.close();
            }
        });

        // REST: GET /api/user/{email}/messages/INBOX -> [{uid, subject, contentType, mimeMessage}]
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Response r = RestAssured.given().baseUri(E2e.MAIL_API)
                    .get("/api/user/{email}/messages/INBOX", recipient);
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
            List<Map<String, Object>> messages = JsonPath.from(r.asString()).getList("$");
            assertThat(messages).hasSize(1);
            assertThat(messages.get(0).get("subject")).isEqualTo(subject);
            assertThat((String) messages.get(0).get("mimeMessage")).contains(text).contains("To: " + recipient);
        });
    }
}
