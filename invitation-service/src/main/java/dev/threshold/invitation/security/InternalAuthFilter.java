package dev.threshold.invitation.security;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Every {@code /internal/**} request must carry the region's internal token, checked before anything else. */
public class InternalAuthFilter {

    private final InternalAuthenticator authenticator;

    public InternalAuthFilter(InternalAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @ServerRequestFilter
    public void requireInternalToken(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/internal/") || path.equals("/internal")) {
            authenticator.require(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        }
    }
}
