package dev.switchboard.domain;

import static dev.switchboard.domain.RequestJsonFixture.NOW;
import static dev.switchboard.domain.RequestJsonFixture.assertRejected;
import static dev.switchboard.domain.RequestJsonFixture.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestJsonSendAtTest {

    private static JsonNode withSendAt(String sendAt) {
        return JsonNodeFactory.instance.objectNode()
                .put("to", "+14155550100").put("body", "hi").put("sendAt", sendAt);
    }

    private static JsonNode withSendAt(Instant sendAt) {
        return withSendAt(sendAt.toString());
    }

    @Test
    void accepts_utc_time() {
        assertThat(parse(withSendAt("2026-11-24T15:00:00Z")).sendAt()).isEqualTo("2026-11-24T15:00:00Z");
    }

    @Test
    void accepts_a_numeric_offset() {
        assertThat(parse(withSendAt("2026-11-24T16:00:00+01:00")).sendAt()).isEqualTo("2026-11-24T15:00:00Z");
    }

    @Test
    void absent_or_null_send_at_means_now() {
        assertThat(parse("{'to':'+14155550100','body':'hi','sendAt':null}").sendAt()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-24T15:00:00", "2026-11-24", "tomorrow", "", "2026-13-01T00:00:00Z"})
    void rejects_date_times_without_offset_or_unparseable(String sendAt) {
        assertRejected(withSendAt(sendAt), 400, "invalid_send_at", "sendAt")
                .hasMessage("'sendAt' must be an ISO-8601 date-time with offset, e.g. 2026-11-24T15:00:00Z");
    }

    @Test
    void rejects_non_string_send_at() {
        assertRejected("{'to':'+14155550100','body':'hi','sendAt':1790000000}", 400, "invalid_send_at", "sendAt");
    }

    @Test
    void keeps_a_time_up_to_60_seconds_ago_as_given() {
        Instant justPast = NOW.minusSeconds(60);

        assertThat(parse(withSendAt(justPast)).sendAt()).isEqualTo(justPast);
    }

    @Test
    void rejects_a_time_more_than_60_seconds_ago() {
        assertRejected(withSendAt(NOW.minusSeconds(61)), 422, "send_at_in_past", "sendAt");
    }

    @Test
    void accepts_exactly_35_days_ahead() {
        Instant limit = NOW.plus(Duration.ofDays(35));

        assertThat(parse(withSendAt(limit)).sendAt()).isEqualTo(limit);
    }

    @Test
    void rejects_more_than_35_days_ahead() {
        assertRejected(withSendAt(NOW.plus(Duration.ofDays(35)).plusSeconds(1)), 422, "send_at_too_far", "sendAt");
    }
}
