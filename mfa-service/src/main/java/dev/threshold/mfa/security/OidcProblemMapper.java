package dev.threshold.mfa.security;

import dev.threshold.common.problem.CommonProblem;
import dev.threshold.common.problem.ProblemResponses;
import io.quarkus.oidc.OIDCException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * identity-service's discovery/JWKS not reachable (it starts later, or is down): quarkus-oidc
 * fails the authentication with an {@link OIDCException}. The token cannot be verified, so the
 * caller gets 401 problem+json rather than a 500; quarkus-oidc retries discovery on later requests.
 */
public class OidcProblemMapper {

    private static final Logger LOG = Logger.getLogger(OidcProblemMapper.class);

    private final ProblemResponses responses;

    public OidcProblemMapper(ProblemResponses responses) {
        this.responses = responses;
    }

    @ServerExceptionMapper
    public Response unverifiable(OIDCException e, HttpHeaders headers) {
        LOG.warnf("Access token not verifiable: %s", e.getMessage());
        return responses.build(CommonProblem.UNAUTHORIZED, headers.getAcceptableLanguages(), List.of(),
                Map.of(HttpHeaders.WWW_AUTHENTICATE, "Bearer"));
    }
}
