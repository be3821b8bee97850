package dev.switchboard.twilio;

import static dev.switchboard.twilio.TwilioError.Effect.INVALID_RECIPIENT;
import static dev.switchboard.twilio.TwilioError.Effect.NONE;
import static dev.switchboard.twilio.TwilioError.Effect.OPT_OUT;
import static dev.switchboard.twilio.TwilioError.Effect.SENDER_BROKEN;
import static dev.switchboard.twilio.TwilioError.Effect.WHATSAPP_WINDOW;
import static dev.switchboard.twilio.TwilioError.Retry.PERMANENT;
import static dev.switchboard.twilio.TwilioError.Retry.TRANSIENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TwilioErrorCodesTest {

    @ParameterizedTest
    @ValueSource(ints = {20003, 20429, 21211, 21408, 21610, 21614, 30001, 21611, 30003, 30004, 30005,
        30006, 30007, 30008, 30034, 30036, 63016, 60202, 60203})
    void every_code_listed_in_facts_is_in_the_table(int code) {
        assertThat(TwilioErrorCodes.known(code)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(ints = {21268, 21408, 21610, 21612, 21614, 21617, 21635, 30001, 30002, 30003, 30004,
        30005, 30006, 30007, 30008, 30009, 30010, 30024, 30034, 30442, 30500, 30884, 32017, 32203, 60005,
        63026})
    void every_code_va_notify_maps_is_in_the_table(int code) {
        assertThat(TwilioErrorCodes.known(code)).isPresent();
    }

    @Test
    void recipient_who_opted_out_is_permanent_and_records_the_opt_out() {
        TwilioError optedOut = TwilioErrorCodes.lookup(21610);
        assertThat(optedOut.retry()).isEqualTo(PERMANENT);
        assertThat(optedOut.effect()).isEqualTo(OPT_OUT);
    }

    @Test
    void only_21610_records_an_opt_out() {
        assertThat(TwilioErrorCodes.all()).filteredOn(e -> e.effect() == OPT_OUT)
                .extracting(TwilioError::code).containsExactly(21610);
    }

    @Test
    void unregistered_10dlc_sender_marks_the_sender_broken() {
        TwilioError unregistered = TwilioErrorCodes.lookup(30034);
        assertThat(unregistered.effect()).isEqualTo(SENDER_BROKEN);
        assertThat(unregistered.retry()).isEqualTo(PERMANENT);
    }

    @ParameterizedTest
    @ValueSource(ints = {20003, 21212, 21606, 30032, 30034})
    void misconfigured_sender_or_account_marks_the_sender_broken(int code) {
        assertThat(TwilioErrorCodes.lookup(code).effect()).isEqualTo(SENDER_BROKEN);
    }

    @Test
    void bad_credentials_leave_the_message_sendable_once_fixed() {
        assertThat(TwilioErrorCodes.lookup(20003).retry()).isEqualTo(TRANSIENT);
    }

    @Test
    void outside_the_whatsapp_window_needs_a_template_not_a_retry() {
        TwilioError window = TwilioErrorCodes.lookup(63016);
        assertThat(window.effect()).isEqualTo(WHATSAPP_WINDOW);
        assertThat(window.retry()).isEqualTo(PERMANENT);
    }

    @ParameterizedTest
    @ValueSource(ints = {20429, 20500, 20503, 21611, 30001, 30003, 30500})
    void rate_limits_queue_overflows_and_server_errors_are_transient(int code) {
        assertThat(TwilioErrorCodes.lookup(code).isTransient()).isTrue();
    }

    @Test
    void too_many_requests_is_transient_with_no_other_effect() {
        assertThat(TwilioErrorCodes.lookup(20429))
                .extracting(TwilioError::retry, TwilioError::effect).containsExactly(TRANSIENT, NONE);
    }

    @ParameterizedTest
    @ValueSource(ints = {21211, 21614, 30005, 30006})
    void numbers_that_cannot_receive_are_permanent_invalid_recipients(int code) {
        assertThat(TwilioErrorCodes.lookup(code))
                .extracting(TwilioError::retry, TwilioError::effect).containsExactly(PERMANENT, INVALID_RECIPIENT);
    }

    @Test
    void unknown_delivery_code_gets_the_permanent_generic_default() {
        assertThat(TwilioErrorCodes.known(30999)).isEmpty();
        assertThat(TwilioErrorCodes.lookup(30999)).isEqualTo(
                new TwilioError(30999, "Twilio error 30999", PERMANENT, NONE));
    }

    @Test
    void unknown_twilio_server_error_is_transient() {
        assertThat(TwilioErrorCodes.known(20599)).isEmpty();
        assertThat(TwilioErrorCodes.lookup(20599).retry()).isEqualTo(TRANSIENT);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 12345, 20405, 20600, 99999, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void any_other_unknown_code_is_permanent(int code) {
        assertThat(TwilioErrorCodes.lookup(code))
                .extracting(TwilioError::code, TwilioError::retry, TwilioError::effect)
                .containsExactly(code, PERMANENT, NONE);
    }

    @Test
    void lookup_never_returns_null() {
        IntStream.rangeClosed(0, 99_999).forEach(code -> assertThat(TwilioErrorCodes.lookup(code)).isNotNull());
    }

    @Test
    void every_entry_is_filed_under_its_own_code() {
        assertThat(TwilioErrorCodes.all()).allSatisfy(entry ->
                assertThat(TwilioErrorCodes.lookup(entry.code())).isSameAs(entry));
    }

    @Test
    void descriptions_are_plain_non_blank_text() {
        assertThat(TwilioErrorCodes.all()).isNotEmpty().allSatisfy(entry -> assertThat(entry.description())
                .isNotBlank()
                .doesNotContainPattern("<[^>]*>")
                .doesNotContainPattern("&#?[A-Za-z0-9]+;"));
    }

    @Test
    void an_error_without_a_description_is_refused() {
        assertThatThrownBy(() -> new TwilioError(1, " ", PERMANENT, NONE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TwilioError(1, null, PERMANENT, NONE))
                .isInstanceOf(NullPointerException.class);
    }
}
