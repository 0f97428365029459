package dev.threshold.common.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

/** Which field of a request body failed which rule, as RFC 6901 pointers below any base. */
class FieldErrorsTest {

    static final Validator VALIDATOR = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();
    static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    record Invitation(@NotBlank @Email String email, @Size(max = 3) String name) {
    }

    record Bulk(@NotNull @Valid List<Invitation> invitations, Map<String, @Valid Invitation> byKey) {
    }

    static List<Problem.FieldError> errors(String base, Object body) {
        Set<ConstraintViolation<Object>> violations = VALIDATOR.validate(body);
        return violations.stream().map(violation -> FieldErrors.of(base, violation))
                .sorted(Comparator.comparing(Problem.FieldError::pointer)).toList();
    }

    @Test
    void pointsIntoListsAndMapsWithTheRuleBroken() {
        Bulk bulk = new Bulk(List.of(new Invitation("ada@example.test", "Ada"), new Invitation("", "Grace")),
                Map.of("a/b~c", new Invitation("not an email", null)));

        assertThat(errors("", bulk)).extracting(Problem.FieldError::pointer, Problem.FieldError::code).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/byKey/a~1b~0c/email", "email"),
                org.assertj.core.groups.Tuple.tuple("/invitations/1/email", "required"),
                org.assertj.core.groups.Tuple.tuple("/invitations/1/name", "size"));
    }

    static class Resource {
        public void create(@Valid @NotNull Bulk request) {
        }
    }

    @Test
    void leavesOutTheResourceMethodAndItsParameter() throws NoSuchMethodException {
        Bulk bulk = new Bulk(List.of(new Invitation("a@b.test", null), new Invitation("a@b.test", null),
                new Invitation("a@b.test", null), new Invitation("x", null)), Map.of());
        Set<ConstraintViolation<Resource>> violations = VALIDATOR.forExecutables().validateParameters(new Resource(),
                Resource.class.getMethod("create", Bulk.class), new Object[] {bulk});

        assertThat(violations).extracting(violation -> FieldErrors.of("", violation).pointer())
                .containsExactly("/invitations/3/email");
    }

    @Test
    void aRowReadOnItsOwnPointsIntoTheWholeRequest() {
        assertThat(errors("/invitations/3", new Invitation(null, "Ada"))).extracting(Problem.FieldError::pointer)
                .containsExactly("/invitations/3/email");
        assertThat(errors("", new Bulk(null, Map.of()))).extracting(Problem.FieldError::pointer)
                .containsExactly("/invitations");
    }

    @Test
    void pointsAtTheFieldJacksonFailedOn() {
        JsonMappingException unknown = catchThrowableOfType(JsonMappingException.class, () -> MAPPER.readValue(
                "{\"invitations\":[{\"email\":\"a@b.test\",\"colour\":\"red\"}]}", Bulk.class));
        assertThat(FieldErrors.pointer("", unknown)).isEqualTo("/invitations/0/colour");

        JsonMappingException wholeBody = catchThrowableOfType(JsonMappingException.class,
                () -> MAPPER.readValue("[]", Invitation.class));
        assertThat(FieldErrors.pointer("", wholeBody)).isEqualTo("/");
        assertThat(FieldErrors.pointer("/invitations/2", wholeBody)).isEqualTo("/invitations/2");
    }
}
