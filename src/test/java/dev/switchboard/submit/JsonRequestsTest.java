package dev.switchboard.submit;

import dev.switchboard.domain.InvalidRequestException;
import dev.switchboard.domain.MessageRequest;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** direct:submit-json's mapping: the API's JSON in any of its forms, the key and source from headers. */
class JsonRequestsTest {

    private final JsonRequests requests = new JsonRequests(Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC));

    @Test
    void text_bytes_and_maps_give_the_same_request() {
        String json = "{\"to\":\"+14155550100\",\"body\":\"hi\"}";
        for (Object body : new Object[] {json, json.getBytes(), Map.of("to", "+14155550100", "body", "hi")}) {
            MessageRequest r = requests.fromExchange(exchange(body, Map.of("Idempotency-Key", "k-1", "SwitchboardSource", "mqtt")));
            assertThat(r.to().value()).isEqualTo("+14155550100");
            assertThat(r.body()).isEqualTo("hi");
            assertThat(r.idempotencyKey()).isEqualTo("k-1");
            assertThat(r.source()).isEqualTo("mqtt");
        }
    }

    @Test
    void a_source_is_cut_to_what_the_store_keeps() {
        MessageRequest r = requests.fromExchange(exchange("{\"to\":\"+14155550100\",\"body\":\"hi\"}",
                Map.of("SwitchboardSource", "RabbitMQ Requests (EU)")));
        assertThat(r.source()).isEqualTo("rabbitmq-request");
        assertThat(JsonRequests.sourceName(null)).isEqualTo("route");
    }

    @Test
    void bad_input_names_the_field() {
        assertThatThrownBy(() -> requests.fromExchange(exchange("{\"to\":\"12\",\"body\":\"hi\"}", Map.of())))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("to"));
        assertThatThrownBy(() -> requests.fromExchange(exchange("not json", Map.of())))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.code()).isEqualTo("invalid_json"));
    }

    private static Exchange exchange(Object body, Map<String, Object> headers) {
        Exchange e = new DefaultExchange(new DefaultCamelContext());
        e.getMessage().setBody(body);
        e.getMessage().setHeaders(new java.util.HashMap<>(headers));
        return e;
    }
}
