package dev.threshold.invitation.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Invitation rules, mail delivery and housekeeping of this service. */
@ConfigMapping(prefix = "threshold.invitations")
public interface InvitationConfig {

    /**
     * Base URL of the login SPA that invitation links point at ({@code THRESHOLD_PUBLIC_BASE_URL});
     * the link is {@code <base>/invite?token=<token>&region=<region>}.
     */
    @WithDefault("${THRESHOLD_PUBLIC_BASE_URL:http://localhost:8080}")
    String publicBaseUrl();

    /** Lifetime of an invitation when the org's settings carry no {@code invitationTtlDays}. */
    @WithDefault("7")
    int defaultTtlDays();

    /** Upper bound for an org's {@code invitationTtlDays}. */
    @WithDefault("30")
    int maxTtlDays();

    /** Most rows in one {@code POST /api/v2/invitations/bulk}. */
    @WithDefault("1000")
    int bulkMaxSize();

    Expiry expiry();

    Delivery delivery();

    Idempotency idempotency();

    interface Expiry {
        /** How often PENDING invitations past their expiry are marked EXPIRED. */
        @WithDefault("60s")
        Duration interval();

        /** Most invitations expired in one transaction. */
        @WithDefault("500")
        int batchSize();
    }

    interface Delivery {
        /** How often the send queue is polled. */
        @WithDefault("1s")
        Duration interval();

        /** Workers sending in parallel, each one batch (one transaction) at a time. */
        @WithDefault("4")
        int concurrency();

        /**
         * Emails one worker takes (locked) at a time and sends in parallel; their rows are marked
         * in one statement and committed together right after the last SMTP answer.
         */
        @WithDefault("20")
        int batchSize();

        /**
         * Most emails one poll sends before yielding to the next poll (a poll that hits it leaves
         * the workers idle until the next tick, so it is well above what a second can send).
         */
        @WithDefault("5000")
        int maxPerPoll();

        /** Attempts before a send is given up (FAILED for good; the admin can resend). */
        @WithDefault("10")
        int maxAttempts();

        /** Wait after the first failure; doubled after each further failure. */
        @WithDefault("30s")
        Duration initialBackoff();

        /** Longest wait between two attempts. */
        @WithDefault("1h")
        Duration maxBackoff();
    }

    interface Idempotency {
        /** How long an Idempotency-Key and its first response are kept. */
        @WithDefault("24h")
        Duration retention();
    }
}
