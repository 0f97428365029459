package dev.threshold.invitation.support;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads what the tests need out of a received invitation email. */
public final class Mails {

    private static final Pattern LINK = Pattern.compile("(http://localhost:8080/invite\\?token=([A-Za-z0-9_-]+)&region=([a-z0-9-]+))");

    private Mails() {
    }

    /** The token of the (only or latest) invitation email to this address. */
    public static String awaitToken(String email) {
        MailServer.awaitMessageTo(email, Duration.ofSeconds(20));
        var messages = MailServer.messagesTo(email);
        return token(messages.get(messages.size() - 1));
    }

    public static String token(MimeMessage message) {
        Matcher link = LINK.matcher(text(message));
        if (!link.find()) {
            throw new AssertionError("no invitation link in the text part");
        }
        return link.group(2);
    }

    public static String text(MimeMessage message) {
        return part(message, "text/plain");
    }

    public static String html(MimeMessage message) {
        return part(message, "text/html");
    }

    public static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String part(Part part, String type) {
        try {
            if (part.isMimeType(type)) {
                return (String) part.getContent();
            }
            if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart body = multipart.getBodyPart(i);
                    String found = part(body, type);
                    if (found != null) {
                        return found;
                    }
                }
            }
            return null;
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
