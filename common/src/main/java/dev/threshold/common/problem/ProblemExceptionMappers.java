package dev.threshold.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure of a request into {@code application/problem+json}. Nothing of the
 * exception (class, message, SQL) reaches the response; unexpected ones are logged with the
 * request id and answered as a bare {@code internal_error}.
 */
public class ProblemExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ProblemExceptionMappers.class);

    private final ProblemResponses responses;
    private final boolean verifiesIdentityTokens;

    /**
     * @param verifiesIdentityTokens whether this service verifies identity-service's bearers with
     *                               quarkus-oidc ({@code threshold.identity-keys.enabled})
     */
    public ProblemExceptionMappers(ProblemResponses responses,
            @ConfigProperty(name = "threshold.identity-keys.enabled", defaultValue = "false") boolean verifiesIdentityTokens) {
        this.responses = responses;
        this.verifiesIdentityTokens = verifiesIdentityTokens;
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpHeaders headers) {
        return responses.build(e.problem(), headers.getAcceptableLanguages(), e.errors(), e.headers(), e.detailArgs());
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, HttpHeaders headers) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            errors.add(FieldErrors.of("", violation));
        }
        errors.sort(Comparator.comparing(Problem.FieldError::pointer));
        return responses.build(CommonProblem.VALIDATION_FAILED, headers.getAcceptableLanguages(), errors, Map.of());
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, HttpHeaders headers) {
        if (isTruncated(e)) {
            return responses.build(CommonProblem.MALFORMED_JSON, headers.getAcceptableLanguages());
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            return responses.build(CommonProblem.VALIDATION_FAILED, headers.getAcceptableLanguages(),
                    List.of(new Problem.FieldError(FieldErrors.pointer("", unknown), "unknown_field", null)), Map.of());
        }
        if (e instanceof InvalidFormatException || (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty())) {
            return responses.build(CommonProblem.VALIDATION_FAILED, headers.getAcceptableLanguages(),
                    List.of(new Problem.FieldError(FieldErrors.pointer("", (JsonMappingException) e), "invalid_type", null)), Map.of());
        }
        return responses.build(CommonProblem.MALFORMED_JSON, headers.getAcceptableLanguages());
    }

    /** Jackson's own mapper for this subtype would otherwise answer with a plain-text body. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, HttpHeaders headers) {
        return json(e, headers);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpHeaders headers) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json, headers);
        }
        ProblemCode code;
        if (e instanceof NotFoundException) {
            code = CommonProblem.NOT_FOUND;
        } else if (e instanceof NotAllowedException) {
            code = CommonProblem.METHOD_NOT_ALLOWED;
        } else if (e instanceof NotSupportedException) {
            code = CommonProblem.UNSUPPORTED_MEDIA_TYPE;
        } else if (e instanceof NotAcceptableException) {
            code = CommonProblem.NOT_ACCEPTABLE;
        } else if (e instanceof NotAuthorizedException) {
            code = CommonProblem.UNAUTHORIZED;
        } else {
            code = byStatus(e.getResponse() == null ? 500 : e.getResponse().getStatus());
        }
        Map<String, String> extra = e instanceof NotAllowedException && e.getResponse() != null
                && e.getResponse().getHeaderString("Allow") != null
                ? Map.of("Allow", e.getResponse().getHeaderString("Allow")) : Map.of();
        if (code == CommonProblem.INTERNAL_ERROR) {
            LOG.errorf(e, "Request failed");
        }
        return responses.build(code, headers.getAcceptableLanguages(), List.of(), extra);
    }

    @ServerExceptionMapper({io.quarkus.security.UnauthorizedException.class,
            io.quarkus.security.AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e, HttpHeaders headers) {
        // a mechanism that knows better says so through a problem as the cause: 401 session_revoked,
        // or 503 identity_unavailable when the token cannot be checked (not refused)
        if (e.getCause() instanceof ProblemException problem && problem.problem().status() != 401) {
            return problem(problem, headers);
        }
        Throwable outage = IdentityOutage.causeOf(e);
        if (outage != null) {
            // quarkus-oidc could not fetch identity-service's keys: the token was not refused, only not checked
            LOG.warnf("bearer not verifiable, identity-service's JWKS did not answer: %s", outage.toString());
            return problem(IdentityOutage.problem(), headers);
        }
        ProblemCode code = e.getCause() instanceof ProblemException problem ? problem.problem() : CommonProblem.UNAUTHORIZED;
        return responses.build(code, headers.getAcceptableLanguages(), List.of(),
                Map.of("WWW-Authenticate", "Bearer"));
    }

    @ServerExceptionMapper
    public Response forbidden(io.quarkus.security.ForbiddenException e, HttpHeaders headers) {
        return responses.build(CommonProblem.FORBIDDEN, headers.getAcceptableLanguages());
    }

    /** Two requests changed the same row at once (optimistic locking): the loser may simply retry. */
    @ServerExceptionMapper({jakarta.persistence.OptimisticLockException.class, org.hibernate.StaleStateException.class})
    public Response concurrentUpdate(RuntimeException e, HttpHeaders headers) {
        LOG.infof("concurrent update refused: %s", e.getClass().getSimpleName());
        return responses.build(CommonProblem.CONCURRENT_UPDATE, headers.getAcceptableLanguages());
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpHeaders headers) {
        if (verifiesIdentityTokens && IdentityOutage.isOidcFailure(e)) {
            // quarkus-oidc could not reach identity-service's JWKS: the token was not refused, only not checked
            LOG.warnf("Access token not verifiable, identity-service not reachable: %s", e.getMessage());
            return problem(IdentityOutage.problem(), headers);
        }
        Throwable database = DatabaseOutage.causeOf(e);
        long now = System.nanoTime();
        if (database != null) {
            // Postgres restarting or out of reach: the client may retry shortly, nothing is half-done
            DatabaseOutage.seen(now);
            LOG.warnf("database unavailable: %s", database.toString());
            return databaseUnavailable(headers);
        }
        if (DatabaseOutage.seenWithin(now)) {
            // most likely the outage's aftermath in a shape naming no database cause; the stack stays
            // in the log so that a real bug in this window is still found
            LOG.errorf(e, "Request failed within %ds of a database outage: answered as database_unavailable",
                    DatabaseOutage.AFTERMATH.toSeconds());
            return databaseUnavailable(headers);
        }
        LOG.errorf(e, "Request failed unexpectedly");
        return responses.build(CommonProblem.INTERNAL_ERROR, headers.getAcceptableLanguages());
    }

    private Response databaseUnavailable(HttpHeaders headers) {
        return responses.build(CommonProblem.DATABASE_UNAVAILABLE, headers.getAcceptableLanguages(), List.of(),
                Map.of("Retry-After", DatabaseOutage.RETRY_AFTER_SECONDS));
    }

    /** Jackson reports a body cut off inside a field as a mapping error of that field. */
    private static boolean isTruncated(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        return e instanceof com.fasterxml.jackson.core.io.JsonEOFException
                || (message != null && message.contains("end-of-input"));
    }

    private static ProblemCode byStatus(int status) {
        return switch (status) {
            case 400 -> CommonProblem.BAD_REQUEST;
            case 401 -> CommonProblem.UNAUTHORIZED;
            case 403 -> CommonProblem.FORBIDDEN;
            case 404 -> CommonProblem.NOT_FOUND;
            case 405 -> CommonProblem.METHOD_NOT_ALLOWED;
            case 406 -> CommonProblem.NOT_ACCEPTABLE;
            case 413 -> CommonProblem.PAYLOAD_TOO_LARGE;
            case 415 -> CommonProblem.UNSUPPORTED_MEDIA_TYPE;
            case 503 -> CommonProblem.SERVICE_UNAVAILABLE;
            default -> CommonProblem.INTERNAL_ERROR;
        };
    }
}
