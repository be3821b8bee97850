package dev.switchboard.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InvalidRequestExceptionTest {

    @Test
    void bad_request_answers_400_with_code_field_and_message() {
        InvalidRequestException e = InvalidRequestException.badRequest("missing_to", "to", "'to' is required");

        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.code()).isEqualTo("missing_to");
        assertThat(e.field()).isEqualTo("to");
        assertThat(e).hasMessage("'to' is required");
    }

    @Test
    void unprocessable_answers_422() {
        assertThat(InvalidRequestException.unprocessable("empty_body", "body", "'body' is empty").httpStatus())
                .isEqualTo(422);
    }

    @Test
    void field_may_be_null_for_whole_request_problems() {
        assertThat(InvalidRequestException.badRequest("invalid_json", null, "not JSON").field()).isNull();
    }

    @Test
    void refuses_statuses_other_than_400_and_422() {
        assertThatThrownBy(() -> new InvalidRequestException("x", null, 500, "boom"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
