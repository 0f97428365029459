package dev.threshold.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A recipient's messages in the SMTP sink, read over IMAP: how many, the newest or the only one
 * ({@code [subject, plain text]}), and the token of the invitation link in it.
 */
final class Mailbox {

    private static final Pattern INVITATION_LINK = Pattern.compile("/invite\\?token=([A-Za-z0-9_-]+)&region=([a-z0-9-]+)");

    private Mailbox() {
    }

    /** The newest message: {@code [subject, plain text]}, or null when the inbox is empty. */
    static String[] newest(String recipient) throws Exception {
        return read(recipient, inbox -> {
            int count = inbox.getMessageCount();
            return count == 0 ? null : subjectAndText(inbox.getMessage(count));
        });
    }

    /** The single message: {@code [subject, plain text]}, or null when the inbox is empty; fails if there are more. */
    static String[] only(String recipient) throws Exception {
        return read(recipient, inbox -> {
            Message[] messages = inbox.getMessages();
            if (messages.length == 0) {
                return null;
            }
            assertThat(messages).as("one message to %s", recipient).hasSize(1);
            return subjectAndText(messages[0]);
        });
    }

    static int count(String recipient) throws Exception {
        return read(recipient, Folder::getMessageCount);
    }

    /** The token of the single invitation email of {@code recipient}, whose link names {@code region}. */
    static String invitationToken(String recipient, String region) {
        AtomicReference<String[]> mail = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            mail.set(only(recipient));
            assertThat(mail.get()).isNotNull();
        });
        Matcher link = INVITATION_LINK.matcher(mail.get()[1]);
        assertThat(link.find()).as("link in %s", mail.get()[1]).isTrue();
        assertThat(link.group(2)).isEqualTo(region);
        return link.group(1);
    }

    private interface InboxReader<T> {
        T read(Folder inbox) throws Exception;
    }

    /** Opens the recipient's INBOX read-only (GreenMail: the password is the address) for {@code reader}. */
    private static <T> T read(String recipient, InboxReader<T> reader) throws Exception {
        Properties props = new Properties();
        props.put("mail.imap.connectiontimeout", "5000");
        props.put("mail.imap.timeout", "5000");
        Store store = Session.getInstance(props).getStore("imap");
        store.connect(E2e.MAIL_HOST, E2e.IMAP_PORT, recipient, recipient);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                return reader.read(inbox);
            } finally {
                inbox.close(false);
            }
        } finally {
            store.close();
        }
    }

    private static String[] subjectAndText(Message message) throws Exception {
        return new String[] {message.getSubject(), plainText(message)};
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
}
