package dev.threshold.identity.login.api;

import jakarta.validation.constraints.Size;

/** For clients that keep the refresh token themselves ({@code cookie: false} at login). */
public record RefreshRequest(@Size(min = 1, max = 200) String refreshToken) {
}
