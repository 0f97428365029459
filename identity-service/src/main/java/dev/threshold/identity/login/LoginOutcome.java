package dev.threshold.identity.login;

import dev.threshold.identity.login.api.LoginResult;
import java.time.Duration;

/**
 * A login result and, for cookie clients, the refresh token for the cookie (never in the body then)
 * with how long the session may stay idle (the cookie's lifetime).
 */
public record LoginOutcome(LoginResult result, String cookieRefreshToken, Duration idle) {

    public static LoginOutcome of(LoginResult result) {
        return new LoginOutcome(result, null, null);
    }
}
