package dev.switchboard.domain;

import static dev.switchboard.domain.RequestJsonFixture.assertRejected;
import static dev.switchboard.domain.RequestJsonFixture.parse;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** WhatsApp templates, media, fallback and priority: accepted where they apply, refused where they do not. */
class RequestJsonWhatsAppTest {

    private static final String TEMPLATE = "HX0123456789abcdef0123456789abcdef";

    @Test
    void accepts_free_form_whatsapp_with_sms_fallback() {
        MessageRequest r = parse("{'channel':'whatsapp','to':'+14155550100','body':'hi','fallback':'sms'}");

        assertThat(r.channel()).isEqualTo(Channel.WHATSAPP);
        assertThat(r.fallback()).isEqualTo(Channel.SMS);
        assertThat(r.isTemplate()).isFalse();
    }

    @Test
    void accepts_a_template_without_body() {
        MessageRequest r = parse("{'channel':'whatsapp','to':'+14155550100','contentSid':'" + TEMPLATE
                + "','contentVariables':{'1':'Jane','2':42}}");

        assertThat(r.isTemplate()).isTrue();
        assertThat(r.body()).isNull();
        assertThat(r.contentVariables()).containsEntry("1", "Jane").containsEntry("2", "42");
    }

    @Test
    void refuses_body_with_a_template() {
        assertRejected("{'channel':'whatsapp','to':'+14155550100','body':'hi','contentSid':'" + TEMPLATE + "'}",
                422, "body_with_template", "body");
    }

    @Test
    void refuses_template_fields_on_sms() {
        assertRejected("{'to':'+14155550100','body':'hi','contentSid':'" + TEMPLATE + "'}", 422, "not_for_channel",
                "contentSid");
        assertRejected("{'to':'+14155550100','body':'hi','fallback':'sms'}", 422, "not_for_channel", "fallback");
    }

    @Test
    void refuses_variables_without_template_and_malformed_sids() {
        assertRejected("{'channel':'whatsapp','to':'+14155550100','body':'x','contentVariables':{'1':'a'}}", 422,
                "content_variables_without_template", "contentVariables");
        assertRejected("{'channel':'whatsapp','to':'+14155550100','contentSid':'HX12'}", 422, "invalid_content_sid",
                "contentSid");
    }

    @Test
    void media_makes_body_optional_and_must_be_web_urls() {
        MessageRequest r = parse("{'to':'+14155550100','mediaUrl':['https://example.com/a.png']}");

        assertThat(r.body()).isNull();
        assertThat(r.mediaUrls()).containsExactly("https://example.com/a.png");
        assertRejected("{'to':'+14155550100','mediaUrl':['file:///etc/passwd']}", 400, "invalid_media_url", "mediaUrl");
        assertRejected("{'to':'+14155550100','mediaUrl':'https://example.com/a.png'}", 400, "invalid_media_url",
                "mediaUrl");
    }

    @Test
    void priority_defaults_to_transactional_and_rejects_unknown_values() {
        assertThat(parse("{'to':'+14155550100','body':'x'}").priority()).isEqualTo(Priority.TRANSACTIONAL);
        assertThat(parse("{'to':'+14155550100','body':'x','priority':'bulk'}").priority()).isEqualTo(Priority.BULK);
        assertRejected("{'to':'+14155550100','body':'x','priority':'urgent'}", 422, "invalid_priority", "priority");
    }

    @Test
    void extras_change_the_fingerprint_but_plain_text_keeps_its_old_one() {
        MessageRequest plain = parse("{'to':'+14155550100','body':'x'}");
        MessageRequest bulk = parse("{'to':'+14155550100','body':'x','priority':'bulk'}");
        MessageRequest legacy = new MessageRequest(Channel.SMS, plain.to(), null, "x", null, null, null, "http");

        assertThat(bulk.fingerprint()).isNotEqualTo(plain.fingerprint());
        assertThat(legacy.fingerprint()).isEqualTo(plain.fingerprint());
    }
}
