package dev.threshold.identity.security;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Authenticates the operator on {@link OperatorOnly} endpoints before anything else happens. */
public class OperatorFilter {

    private final OperatorAuthenticator operator;

    public OperatorFilter(OperatorAuthenticator operator) {
        this.operator = operator;
    }

    @OperatorOnly
    @ServerRequestFilter
    public void requireOperator(ContainerRequestContext request) {
        operator.requireOperator(request.getHeaderString(HttpHeaders.AUTHORIZATION));
    }
}
