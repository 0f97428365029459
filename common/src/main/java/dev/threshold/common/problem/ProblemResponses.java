package dev.threshold.common.problem;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds problem+json responses with a localized detail. */
@ApplicationScoped
public class ProblemResponses {

    private final ProblemMessages messages;

    public ProblemResponses(ProblemMessages messages) {
        this.messages = messages;
    }

    public Response build(ProblemCode code, List<Locale> languages, List<Problem.FieldError> errors,
            Map<String, String> headers, Object... args) {
        Problem body = Problem.of(code, messages.detail(code.code(), languages, args), localize(errors, languages));
        Response.ResponseBuilder response = Response.status(code.status()).type(Problem.MEDIA_TYPE).entity(body);
        headers.forEach(response::header);
        return response.build();
    }

    public Response build(ProblemCode code, List<Locale> languages) {
        return build(code, languages, List.of(), Map.of());
    }

    private List<Problem.FieldError> localize(List<Problem.FieldError> errors, List<Locale> languages) {
        if (errors == null) {
            return List.of();
        }
        return errors.stream()
                .map(e -> e.detail() != null ? e
                        : new Problem.FieldError(e.pointer(), e.code(), messages.detail("field." + e.code(), languages)))
                .toList();
    }
}
