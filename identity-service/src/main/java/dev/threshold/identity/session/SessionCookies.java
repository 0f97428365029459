package dev.threshold.identity.session;

import dev.threshold.common.region.RegionConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;
import java.time.Duration;

/**
 * The refresh cookie: HttpOnly, SameSite=Strict, Secure (except local http), sent only to the auth
 * API. Its name carries the region, so sessions in two regions of one gateway do not overwrite
 * each other.
 */
@ApplicationScoped
public class SessionCookies {

    private final SessionConfig config;
    private final String name;

    public SessionCookies(SessionConfig config, RegionConfig region) {
        this.config = config;
        this.name = "threshold_refresh_" + region.region();
    }

    public String name() {
        return name;
    }

    /** The cookie lives as long as the session may stay idle; every refresh extends it. */
    public NewCookie refresh(String refreshToken, Duration idle) {
        return cookie(refreshToken, (int) Math.min(Integer.MAX_VALUE, idle.toSeconds()));
    }

    public NewCookie cleared() {
        return cookie("", 0);
    }

    /** {@link #cleared()} as a raw Set-Cookie header, for problem responses. */
    public String clearedHeader() {
        return name + "=; Path=" + config.cookiePath() + "; Max-Age=0; HttpOnly; SameSite=Strict"
                + (config.cookieSecure() ? "; Secure" : "");
    }

    private NewCookie cookie(String value, int maxAgeSeconds) {
        return new NewCookie.Builder(name)
                .value(value)
                .path(config.cookiePath())
                .maxAge(maxAgeSeconds)
                .httpOnly(true)
                .secure(config.cookieSecure())
                .sameSite(NewCookie.SameSite.STRICT)
                .build();
    }
}
