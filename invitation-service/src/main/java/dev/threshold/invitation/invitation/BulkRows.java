package dev.threshold.invitation.invitation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.threshold.common.problem.FieldErrors;
import dev.threshold.common.problem.Problem;
import dev.threshold.invitation.invitation.api.CreateInvitationRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads the rows of a bulk request one by one, exactly as a single create would read its body
 * (unknown fields, types, constraints), so a bad row is reported alone with pointers into the
 * whole request ({@code /invitations/3/email}).
 */
@ApplicationScoped
public class BulkRows {

    private final ObjectMapper mapper;
    private final Validator validator;

    public BulkRows(ObjectMapper mapper, Validator validator) {
        this.mapper = mapper;
        this.validator = validator;
    }

    /** A parsed row: {@code invitation} when valid, else {@code errors}. */
    public record Row(int index, String email, NewInvitation invitation, List<Problem.FieldError> errors) {
    }

    public List<Row> parse(List<JsonNode> rows, String inviter) {
        List<Row> parsed = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            parsed.add(parse(i, rows.get(i), inviter));
        }
        return parsed;
    }

    private Row parse(int index, JsonNode node, String inviter) {
        String prefix = "/invitations/" + index;
        String email = node != null && node.path("email").isTextual() ? node.path("email").asText() : null;
        if (node == null || !node.isObject()) {
            return invalid(index, email, List.of(new Problem.FieldError(prefix, "invalid_type", null)));
        }
        CreateInvitationRequest request;
        try {
            request = mapper.treeToValue(node, CreateInvitationRequest.class);
        } catch (UnrecognizedPropertyException e) {
            return invalid(index, email, List.of(new Problem.FieldError(FieldErrors.pointer(prefix, e), "unknown_field", null)));
        } catch (JsonMappingException e) {
            return invalid(index, email, List.of(new Problem.FieldError(FieldErrors.pointer(prefix, e), "invalid_type", null)));
        } catch (JsonProcessingException e) {
            return invalid(index, email, List.of(new Problem.FieldError(prefix, "invalid_type", null)));
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<CreateInvitationRequest> violation : validator.validate(request)) {
            errors.add(FieldErrors.of(prefix, violation));
        }
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparing(Problem.FieldError::pointer).thenComparing(Problem.FieldError::code));
            return invalid(index, email, errors);
        }
        return new Row(index, request.email(),
                new NewInvitation(request.email(), request.name(), request.roles(), request.locale(), inviter), null);
    }

    private static Row invalid(int index, String email, List<Problem.FieldError> errors) {
        return new Row(index, email, null, errors);
    }
}
