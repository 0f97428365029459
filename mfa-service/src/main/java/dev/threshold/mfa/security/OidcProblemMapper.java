package dev.threshold.mfa.security;

import dev.threshold.common.problem.IdentityOutage;
import dev.threshold.common.problem.ProblemException;
import dev.threshold.common.problem.ProblemResponses;
import io.quarkus.oidc.OIDCException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * quarkus-oidc could not reach identity-service (its JWKS) and failed with an
 * {@link OIDCException}: the token was not refused, only not checked, so the caller gets
 * {@code 503 identity_unavailable} with {@code Retry-After} rather than a 401 or a 500. common's
 * {@code IdentityKeys} answers most of these before quarkus-oidc is asked (docs/tokens.md).
 */
public class OidcProblemMapper {

    private static final Logger LOG = Logger.getLogger(OidcProblemMapper.class);

    private final ProblemResponses responses;

    public OidcProblemMapper(ProblemResponses responses) {
        this.responses = responses;
    }

    @ServerExceptionMapper
    public Response unverifiable(OIDCException e, HttpHeaders headers) {
        LOG.warnf("Access token not verifiable, identity-service not reachable: %s", e.getMessage());
        ProblemException problem = IdentityOutage.problem();
        return responses.build(problem.problem(), headers.getAcceptableLanguages(), List.of(), problem.headers());
    }
}
