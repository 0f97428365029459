package dev.threshold.gateway.routing;

import dev.threshold.gateway.region.Service;

/** Which service of a region answers a path. The gateway's own paths never get here. */
public final class ServiceRoutes {

    private ServiceRoutes() {
    }

    /**
     * {@code /api/v2/invitations/**} is invitation-service, {@code /api/v2/mfa/**} is mfa-service, the rest of
     * {@code /api/v2/**}, {@code /oauth/**} and {@code /.well-known/**} is identity-service.
     *
     * @param path the normalized request path
     */
    public static Service serviceFor(String path) {
        if (isUnder(path, "/api/v2/invitations")) {
            return Service.INVITATION;
        }
        if (isUnder(path, "/api/v2/mfa")) {
            return Service.MFA;
        }
        return Service.IDENTITY;
    }

    static boolean isUnder(String path, String prefix) {
        return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }
}
