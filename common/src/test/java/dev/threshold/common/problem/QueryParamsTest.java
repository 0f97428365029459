package dev.threshold.common.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import org.junit.jupiter.api.Test;

/** Query parameters read by hand: defaults when absent, every bad one reported at once as validation_failed. */
class QueryParamsTest {

    @Test
    void absentOrBlankParametersTakeTheirDefaults() {
        QueryParams.Reader params = new QueryParams.Reader();
        assertThat(params.intParam("pageSize", null, 25, 1, 100)).isEqualTo(25);
        assertThat(params.intParam("pageSize", " ", 25, 1, 100)).isEqualTo(25);
        assertThat(params.intParam("pageSize", " 7 ", 25, 1, 100)).isEqualTo(7);
        assertThat(params.enumParam("day", "", DayOfWeek.class)).isNull();
        assertThat(params.enumParam("day", "monday", DayOfWeek.class)).isEqualTo(DayOfWeek.MONDAY);
        params.check();
    }

    @Test
    void everyBadParameterIsReportedInOneProblem() {
        QueryParams.Reader params = new QueryParams.Reader();
        params.enumParam("day", "someday", DayOfWeek.class);
        params.intParam("pageSize", "0", 25, 1, 100);
        params.intParam("pageNumber", "ten", 1, 1, 1000);

        assertThatThrownBy(params::check).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.problem()).isEqualTo(CommonProblem.VALIDATION_FAILED);
            assertThat(e.errors()).extracting(Problem.FieldError::pointer).containsExactly("/day", "/pageSize", "/pageNumber");
            assertThat(e.errors()).extracting(Problem.FieldError::code).containsExactly("enum", "range", "range");
        });
        assertThatThrownBy(() -> QueryParams.intParam("pageSize", "101", 25, 1, 100))
                .isInstanceOf(ProblemException.class);
    }
}
