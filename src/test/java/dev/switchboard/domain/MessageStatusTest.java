package dev.switchboard.domain;

import static dev.switchboard.domain.MessageStatus.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class MessageStatusTest {

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
        // late "sent" after "delivered" is ignored
        "DELIVERED, SENT, false",
        "SENT, FAILED, true",
        "FAILED, DELIVERED, false",
        "DELIVERED, READ, true",
        "QUEUED, QUEUED, false",
        "ACCEPTED, QUEUED, true",
        "SCHEDULED, ACCEPTED, false",
        "QUEUED, SENDING, true",
        "SENDING, QUEUED, false",
        "SENT, PARTIALLY_DELIVERED, true",
        "PARTIALLY_DELIVERED, DELIVERED, true",
        "SENT, DELIVERED, true",
        "UNDELIVERED, READ, false",
        "READ, DELIVERED, false",
        "DELIVERED, UNDELIVERED, false",
        "ACCEPTED, CANCELED, true",
        "SCHEDULED, SUPPRESSED, true",
        "CANCELED, QUEUED, false",
        "SUPPRESSED, SENT, false",
        "QUEUED, INITIATED, true",
        "INITIATED, RINGING, true",
        "RINGING, IN_PROGRESS, true",
        "IN_PROGRESS, RINGING, false",
        "IN_PROGRESS, COMPLETED, true",
        "RINGING, NO_ANSWER, true",
        "RINGING, BUSY, true",
        "COMPLETED, CANCELED, false",
        "RECEIVING, RECEIVED, true",
        "RECEIVED, READ, false",
    })
    void a_status_never_moves_backwards(MessageStatus current, MessageStatus next, boolean expected) {
        assertThat(MessageStatus.mayAdvance(current, next)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(MessageStatus.class)
    void no_status_advances_to_itself(MessageStatus status) {
        assertThat(MessageStatus.mayAdvance(status, status)).isFalse();
    }

    @Test
    void final_statuses_are_exactly_the_ones_nothing_but_read_can_follow() {
        assertThat(Arrays.stream(values()).filter(MessageStatus::isFinal))
                .containsExactlyInAnyOrder(DELIVERED, UNDELIVERED, FAILED, READ, RECEIVED,
                        COMPLETED, BUSY, NO_ANSWER, SUPPRESSED, CANCELED);
    }

    @Test
    void wire_names_use_twilio_spelling() {
        assertThat(IN_PROGRESS.wireName()).isEqualTo("in-progress");
        assertThat(NO_ANSWER.wireName()).isEqualTo("no-answer");
        assertThat(PARTIALLY_DELIVERED.wireName()).isEqualTo("partially_delivered");
        assertThat(DELIVERED.wireName()).isEqualTo("delivered");
    }

    @ParameterizedTest
    @EnumSource(MessageStatus.class)
    void wire_name_is_lower_case_and_round_trips(MessageStatus status) {
        assertThat(status.wireName()).isLowerCase();
        assertThat(MessageStatus.fromWire(status.wireName())).contains(status);
    }

    @Test
    void from_wire_ignores_case() {
        assertThat(MessageStatus.fromWire("Delivered")).contains(DELIVERED);
        assertThat(MessageStatus.fromWire("IN-PROGRESS")).contains(IN_PROGRESS);
    }

    @Test
    void from_wire_is_empty_for_unknown_or_null() {
        assertThat(MessageStatus.fromWire("teleported")).isEmpty();
        assertThat(MessageStatus.fromWire("in_progress")).isEmpty();
        assertThat(MessageStatus.fromWire(null)).isEmpty();
    }

    @ParameterizedTest(name = "{0} ranks {1}")
    @CsvSource({
        "ACCEPTED, 0", "SCHEDULED, 0", "QUEUED, 10", "INITIATED, 12", "RINGING, 14", "IN_PROGRESS, 16",
        "SENDING, 20", "RECEIVING, 20", "SENT, 30", "PARTIALLY_DELIVERED, 35", "DELIVERED, 40",
        "UNDELIVERED, 40", "FAILED, 40", "RECEIVED, 40", "COMPLETED, 40", "BUSY, 40", "NO_ANSWER, 40",
        "READ, 50", "SUPPRESSED, 100", "CANCELED, 100",
    })
    void ranks_follow_the_documented_order(MessageStatus status, int rank) {
        assertThat(status.rank()).isEqualTo(rank);
    }

    @Test
    void null_statuses_are_refused() {
        assertThatThrownBy(() -> MessageStatus.mayAdvance(null, SENT)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> MessageStatus.mayAdvance(SENT, null)).isInstanceOf(NullPointerException.class);
    }
}
