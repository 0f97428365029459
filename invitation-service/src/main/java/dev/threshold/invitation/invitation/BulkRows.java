package dev.threshold.invitation.invitation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.threshold.common.problem.Problem;
import dev.threshold.invitation.invitation.api.CreateInvitationRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
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
            return invalid(index, email, List.of(new Problem.FieldError(prefix + pointer(e), "unknown_field", null)));
        } catch (JsonMappingException e) {
            return invalid(index, email, List.of(new Problem.FieldError(prefix + pointer(e), "invalid_type", null)));
        } catch (JsonProcessingException e) {
            return invalid(index, email, List.of(new Problem.FieldError(prefix, "invalid_type", null)));
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<CreateInvitationRequest> violation : validator.validate(request)) {
            errors.add(new Problem.FieldError(prefix + pointer(violation.getPropertyPath()), rule(violation),
                    violation.getMessage()));
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

    static String pointer(Path path) {
        StringBuilder pointer = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.PARAMETER) {
                continue;
            }
            if (node.getIndex() != null) {
                pointer.append('/').append(node.getIndex());
            }
            if (node.getName() != null && node.getKind() != ElementKind.CONTAINER_ELEMENT) {
                pointer.append('/').append(escape(node.getName()));
            }
        }
        return pointer.toString();
    }

    static String pointer(JsonMappingException e) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            pointer.append('/').append(ref.getFieldName() != null ? escape(ref.getFieldName()) : String.valueOf(ref.getIndex()));
        }
        return pointer.toString();
    }

    /** The rule names of common's problem mapping, so bulk rows and single creates agree. */
    static String rule(ConstraintViolation<?> violation) {
        String annotation = violation.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
        return switch (annotation) {
            case "NotNull", "NotBlank", "NotEmpty" -> "required";
            case "Size", "Length" -> "size";
            case "Email" -> "email";
            case "Pattern" -> "pattern";
            case "Min", "Max", "Positive", "PositiveOrZero", "DecimalMin", "DecimalMax" -> "range";
            default -> annotation.toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
