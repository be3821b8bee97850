package dev.switchboard.testkit;

import dev.switchboard.domain.MessageRequest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The kit records what reached the front door, whichever door it came through. */
class AdapterTestKitTest {

    @Test
    void records_the_canonical_request_an_adapter_hands_to_the_front_door() {
        try (AdapterTestKit kit = AdapterTestKit.start(Map.of())) {
            kit.switchboard().postMessage("{\"to\":\"+1 415 555 0100\",\"body\":\"hello\",\"tags\":{\"k\":\"v\"}}");

            MessageRequest r = kit.awaitSubmitted(1).get(0);

            assertThat(r.to().value()).isEqualTo("+14155550100");
            assertThat(r.body()).isEqualTo("hello");
            assertThat(r.source()).isEqualTo("http");
            assertThat(r.tags()).containsEntry("k", "v");
        }
    }

    @Test
    void records_nothing_for_a_request_the_adapter_refused_itself() {
        try (AdapterTestKit kit = AdapterTestKit.start(Map.of())) {
            kit.switchboard().postMessage("{\"to\":\"not a number\",\"body\":\"hello\"}");
            kit.switchboard().postMessage("{\"to\":\"+14155550100\",\"body\":\"second\"}");

            assertThat(kit.awaitSubmitted(1)).extracting(MessageRequest::body).containsExactly("second");
        }
    }
}
