package dev.threshold.identity.account.api;

/** The answer of {@code DELETE /api/v2/users/me/sessions}: how many other sessions of mine ended. */
public record OtherSessionsEnded(int sessionsEnded) {
}
