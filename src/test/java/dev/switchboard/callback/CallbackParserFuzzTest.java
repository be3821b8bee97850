package dev.switchboard.callback;

import dev.switchboard.twilio.FormParams;

import dev.switchboard.twilio.SignatureCheck;

import dev.switchboard.sandbox.TwilioSignature;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook parser and signature check on generated input: any body, query, path or signature is 403 or accepted,
 * never an exception; a form Twilio signed comes back exactly as it was posted.
 */
class CallbackParserFuzzTest {

    private static final String PUBLIC = "https://gw.example.com/sb";
    private static final SignatureCheck CHECK = new SignatureCheck("token", PUBLIC);
    private static final DefaultCamelContext CONTEXT = new DefaultCamelContext();

    @Property(tries = 500)
    void any_raw_request_is_answered_without_an_exception(@ForAll("forms") String body, @ForAll("queries") String query,
                                                         @ForAll String signature) {
        Exchange exchange = exchange(body, "/twilio/status", query, signature);

        Optional<Map<String, String>> params = CHECK.verifiedParams(exchange, "/twilio/status");

        assertThat(params).isEmpty();
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(403);
    }

    @Property(tries = 300)
    void a_signed_form_round_trips_exactly(@ForAll("params") Map<String, String> params, @ForAll("formQueries") String query) {
        String form = params.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        String signature = TwilioSignature.sign("token", CHECK.signedUrl("/twilio/inbound", query), params);

        Optional<Map<String, String>> verified = CHECK.verifiedParams(exchange(form, "/twilio/inbound", query, signature),
                "/twilio/inbound");

        assertThat(verified).contains(params);
    }

    @Property(tries = 300)
    void form_params_of_any_text_never_throw(@ForAll("forms") String body) {
        assertThat(FormParams.of(body)).isNotNull();
    }

    private static Exchange exchange(String body, String path, String query, String signature) {
        Exchange exchange = new DefaultExchange(CONTEXT);
        exchange.getMessage().setBody(body);
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, path);
        exchange.getMessage().setHeader(Exchange.HTTP_RAW_QUERY, query);
        exchange.getMessage().setHeader("X-Twilio-Signature", signature);
        return exchange;
    }

    @Provide
    Arbitrary<String> forms() {
        Arbitrary<String> tokens = Arbitraries.of("=", "&", "%", "%zz", "%2", "%F0%9F", "+", "MessageSid", "Body", "\r\n",
                "\u0000", "é", "%00", "==", "&&");
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(200),
                tokens.list().ofMaxSize(50).map(l -> String.join("", l)));
    }

    @Provide
    Arbitrary<String> queries() {
        return Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.just(""), Arbitraries.just("bodySHA256=abc"),
                Arbitraries.strings().withChars("abc=&%#?bodySHA256").ofMaxLength(40));
    }

    /** Queries of a form webhook: no bodySHA256 (that makes it a JSON webhook), no '#' (never sent over HTTP). */
    @Provide
    Arbitrary<String> formQueries() {
        return queries().filter(q -> q == null || !q.contains("bodySHA256") && q.indexOf('#') < 0);
    }

    @Provide
    Arbitrary<Map<String, String>> params() {
        return Arbitraries.maps(Arbitraries.strings().ofMinLength(1).ofMaxLength(20), Arbitraries.strings().ofMaxLength(60))
                .ofMaxSize(10);
    }
}
