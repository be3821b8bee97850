package dev.switchboard.domain;

import static dev.switchboard.domain.RequestJsonFixture.assertRejected;
import static dev.switchboard.domain.RequestJsonFixture.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestJsonVoiceTest {

    @Test
    void maps_a_say_call_with_voice_language_and_retry() {
        MessageRequest r = parse("{'channel':'voice','to':'+14155550100','say':'Your code is 1 2 3',"
                + "'voice':'Polly.Joanna','language':'en-US','retry':{'attempts':2,'after':'PT10M'}}");

        assertThat(r.channel()).isEqualTo(Channel.VOICE);
        assertThat(r.body()).isNull();
        assertThat(r.voice()).isEqualTo(new VoiceCall("Your code is 1 2 3", "Polly.Joanna", "en-US", null, null, 2,
                Duration.ofMinutes(10)));
    }

    @Test
    void maps_an_ivr_call_and_a_twiml_url_call() {
        assertThat(parse("{'channel':'voice','to':'+14155550100','ivr':'main'}").voice().ivr()).isEqualTo("main");
        assertThat(parse("{'channel':'voice','to':'+14155550100','twimlUrl':'https://example.com/t.xml'}").voice()
                .twimlUrl()).isEqualTo("https://example.com/t.xml");
    }

    @Test
    void a_call_needs_exactly_one_content() {
        assertRejected("{'channel':'voice','to':'+14155550100'}", 422, "missing_call_content", "say");
        assertRejected("{'channel':'voice','to':'+14155550100','say':'hi','ivr':'main'}", 422,
                "conflicting_call_content", null);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{'to':'+14155550100','body':'hi','say':'hi'}|say|not_for_channel",
            "{'channel':'whatsapp','to':'+14155550100','body':'hi','ivr':'main'}|ivr|not_for_channel",
            "{'to':'+14155550100','body':'hi','retry':{'attempts':1,'after':'PT1M'}}|retry|not_for_channel",
            "{'channel':'voice','to':'+14155550100','say':'hi','mediaUrl':['https://e.com/a.png']}|mediaUrl|not_for_channel",
            "{'channel':'voice','to':'+14155550100','ivr':'main','voice':'alice'}|voice|not_for_call"})
    void voice_fields_are_refused_where_they_do_not_apply(String json, String field, String code) {
        assertRejected(json, 422, code, field);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{'attempts':0,'after':'PT1M'}|422",
            "{'attempts':6,'after':'PT1M'}|422",
            "{'attempts':1,'after':'PT25H'}|422",
            "{'attempts':1,'after':'soon'}|400",
            "{'attempts':1}|400",
            "7|400"})
    void rejects_a_bad_retry(String retry, int status) {
        assertRejected("{'channel':'voice','to':'+14155550100','say':'hi','retry':" + retry + "}", status,
                "invalid_retry", "retry");
    }

    @Test
    void rejects_a_bad_menu_name_or_url() {
        assertRejected("{'channel':'voice','to':'+14155550100','ivr':'../etc'}", 422, "invalid_ivr", "ivr");
        assertRejected("{'channel':'voice','to':'+14155550100','twimlUrl':'ftp://x/y'}", 422, "invalid_twiml_url",
                "twimlUrl");
    }

    @Test
    void the_call_is_part_of_the_fingerprint() {
        String a = parse("{'channel':'voice','to':'+14155550100','say':'one'}").fingerprint();
        String b = parse("{'channel':'voice','to':'+14155550100','say':'two'}").fingerprint();
        String c = parse("{'channel':'voice','to':'+14155550100','say':'one','retry':{'attempts':1,'after':'PT1M'}}")
                .fingerprint();
        assertThat(a).isNotEqualTo(b).isNotEqualTo(c);
    }
}
