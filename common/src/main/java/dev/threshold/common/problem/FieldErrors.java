package dev.threshold.common.problem;

import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.util.Locale;

/**
 * The {@code errors[]} of a {@code validation_failed} problem: which field (an RFC 6901 JSON
 * pointer into the request body) and which rule. Every service reports bad fields through these,
 * whether its body was read by JAX-RS or, a row at a time, by itself.
 */
public final class FieldErrors {

    private FieldErrors() {
    }

    /** A constraint violation below {@code base}: ({@code ""}, {@code create.request.invitations[3].email}) -> {@code /invitations/3/email}. */
    public static Problem.FieldError of(String base, ConstraintViolation<?> violation) {
        return new Problem.FieldError(pointer(base, violation.getPropertyPath()), rule(violation), violation.getMessage());
    }

    /**
     * The pointer of a bean-validation path below {@code base} (a pointer itself, {@code ""} for
     * the whole body); the method and its parameter (a resource method's body) are left out.
     */
    public static String pointer(String base, Path path) {
        StringBuilder pointer = new StringBuilder(base);
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.PARAMETER) {
                continue;
            }
            if (node.getIndex() != null) {
                pointer.append('/').append(node.getIndex());
            } else if (node.getKey() != null) {
                pointer.append('/').append(escape(String.valueOf(node.getKey())));
            }
            if (node.getName() != null && node.getKind() != ElementKind.CONTAINER_ELEMENT) {
                pointer.append('/').append(escape(node.getName()));
            }
        }
        return pointer.isEmpty() ? "/" : pointer.toString();
    }

    /** The pointer of the field Jackson failed on, below {@code base}. */
    public static String pointer(String base, JsonMappingException e) {
        StringBuilder pointer = new StringBuilder(base);
        for (JsonMappingException.Reference ref : e.getPath()) {
            pointer.append('/').append(ref.getFieldName() != null ? escape(ref.getFieldName()) : String.valueOf(ref.getIndex()));
        }
        return pointer.isEmpty() ? "/" : pointer.toString();
    }

    /** The rule a violation broke, by its constraint: {@code required}, {@code size}, {@code email}, ... */
    public static String rule(ConstraintViolation<?> violation) {
        String annotation = violation.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
        return switch (annotation) {
            case "NotNull", "NotBlank", "NotEmpty" -> "required";
            case "Size", "Length" -> "size";
            case "Email" -> "email";
            case "Pattern" -> "pattern";
            case "Min", "Max", "Positive", "PositiveOrZero", "DecimalMin", "DecimalMax" -> "range";
            default -> annotation.toLowerCase(Locale.ROOT);
        };
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
