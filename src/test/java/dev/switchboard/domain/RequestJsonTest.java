package dev.switchboard.domain;

import static dev.switchboard.domain.RequestJsonFixture.assertRejected;
import static dev.switchboard.domain.RequestJsonFixture.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestJsonTest {

    @Test
    void maps_a_minimal_request_with_defaults() {
        MessageRequest request = parse("{'to':'+14155550100','body':'hi'}");

        assertThat(request.channel()).isEqualTo(Channel.SMS);
        assertThat(request.to().value()).isEqualTo("+14155550100");
        assertThat(request.from()).isNull();
        assertThat(request.body()).isEqualTo("hi");
        assertThat(request.sendAt()).isNull();
        assertThat(request.tags()).isEmpty();
        assertThat(request.idempotencyKey()).isEqualTo("key-1");
        assertThat(request.source()).isEqualTo("http");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "'hi'", "42", "null"})
    void rejects_anything_but_a_json_object(String body) {
        assertRejected(body, 400, "invalid_json", null).hasMessage("request body must be a JSON object");
    }

    @Test
    void rejects_a_missing_node_as_invalid_json() {
        assertRejected(JsonNodeFactory.instance.missingNode(), 400, "invalid_json", null);
    }

    @Test
    void rejects_unknown_fields_before_anything_else() {
        assertRejected("{'colour':'red','channel':'fax'}", 400, "unknown_field", "colour")
                .hasMessage("'colour' is not a field of a message request");
    }

    @Test
    void field_names_are_case_sensitive() {
        assertRejected("{'To':'+14155550100','body':'hi'}", 400, "unknown_field", "To");
    }

    @Test
    void accepts_explicit_sms_channel() {
        assertThat(parse("{'channel':'sms','to':'+14155550100','body':'hi'}").channel()).isEqualTo(Channel.SMS);
    }

    @Test
    void rejects_non_string_channel_as_bad_request() {
        assertRejected("{'channel':1,'to':'+14155550100','body':'hi'}", 400, "invalid_channel", "channel");
    }

    @Test
    void rejects_unknown_channel_as_unprocessable() {
        assertRejected("{'channel':'fax','to':'+14155550100','body':'hi'}", 422, "invalid_channel", "channel")
                .hasMessage("'channel' must be one of sms, whatsapp, voice: got 'fax'");
    }

    @Test
    void refuses_a_body_on_a_voice_request() {
        assertRejected("{'channel':'voice','to':'+14155550100','body':'hi'}", 422,
                "not_for_channel", "body")
                .hasMessageContaining("use 'say', 'ivr' or 'twimlUrl'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{'body':'hi'}", "{'to':null,'body':'hi'}"})
    void requires_to(String body) {
        assertRejected(body, 400, "missing_to", "to").hasMessage("'to' is required");
    }

    @Test
    void rejects_non_string_to_as_bad_request() {
        assertRejected("{'to':14155550100,'body':'hi'}", 400, "invalid_to", "to");
    }

    @Test
    void rejects_impossible_to_as_unprocessable() {
        assertRejected("{'to':'+1415','body':'hi'}", 422, "invalid_to", "to")
                .hasMessage("'to' is not a valid phone number: too short");
    }

    @Test
    void stores_formatted_to_as_e164() {
        assertThat(parse("{'to':'+1 (415) 555-0100','body':'hi'}").to().value()).isEqualTo("+14155550100");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "+1 415 555 0100 | +14155550100",
        "Acme Shop       | Acme Shop",
        "ACME123         | ACME123",
        "A               | A",
        "Elevenchars     | Elevenchars",
    })
    void accepts_a_phone_number_or_alphanumeric_sender_id_as_from(String from, String expected) {
        assertThat(parse("{'to':'+14155550100','from':'" + from + "','body':'hi'}").from()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''            | 1 to 11 characters",
        "TwelveChars1  | 1 to 11 characters",
        "Acme-Shop     | only letters A-Z, digits and spaces",
        "Café          | only letters A-Z, digits and spaces",
        "14155550100   | at least one letter",
        "'   '         | at least one letter",
    })
    void rejects_bad_sender_ids_with_a_reason(String from, String reason) {
        assertRejected("{'to':'+14155550100','from':'" + from + "','body':'hi'}", 422, "invalid_from", "from")
                .hasMessageContaining(reason);
    }

    @Test
    void rejects_impossible_from_number() {
        assertRejected("{'to':'+14155550100','from':'+1415','body':'hi'}", 422, "invalid_from", "from")
                .hasMessage("'from' is not a valid phone number: too short");
    }

    @Test
    void rejects_non_string_from_as_bad_request() {
        assertRejected("{'to':'+14155550100','from':42,'body':'hi'}", 400, "invalid_from", "from");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{'channel':'fax','to':'bad','body':''}                  | 422 | invalid_channel | channel",
        "{'to':'bad','from':'-','body':''}                        | 422 | invalid_to      | to",
        "{'to':'+14155550100','from':'-','body':''}               | 422 | invalid_from    | from",
        "{'to':'+14155550100','sendAt':'x','tags':1}              | 400 | missing_body    | body",
        "{'tags':1,'sendAt':'x','body':' ','to':'+14155550100'}   | 422 | empty_body      | body",
        "{'tags':1,'sendAt':'x','body':'hi','to':'+14155550100'}  | 400 | invalid_send_at | sendAt",
    })
    void reports_the_first_problem_in_field_order(String body, int status, String code, String field) {
        assertRejected(body, status, code, field);
    }

    @Test
    void same_request_with_keys_reordered_and_to_reformatted_has_the_same_fingerprint() {
        MessageRequest one = parse("{'to':'+14155550100','body':'hi','tags':{'a':'1','b':'2'},"
                + "'sendAt':'2026-11-24T15:00:00Z'}");
        MessageRequest two = parse("{'sendAt':'2026-11-24T16:00:00+01:00','tags':{'b':'2','a':'1'},"
                + "'body':'hi','to':'+1 (415) 555-0100','channel':'sms'}");

        assertThat(two.fingerprint()).isEqualTo(one.fingerprint());
    }

    @Test
    void requests_differing_in_body_have_different_fingerprints() {
        assertThat(parse("{'to':'+14155550100','body':'hi'}").fingerprint())
                .isNotEqualTo(parse("{'to':'+14155550100','body':'hi '}").fingerprint());
    }
}
