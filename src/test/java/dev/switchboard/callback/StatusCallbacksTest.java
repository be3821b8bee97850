package dev.switchboard.callback;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StatusCallbacksTest {

    @Test
    void dedupe_key_ignores_parameter_order_but_not_values() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("MessageSid", "SM1");
        a.put("MessageStatus", "sent");
        Map<String, String> b = new LinkedHashMap<>();
        b.put("MessageStatus", "sent");
        b.put("MessageSid", "SM1");
        Map<String, String> c = Map.of("MessageSid", "SM1", "MessageStatus", "delivered");

        assertThat(StatusCallbacks.dedupeKey(a)).isEqualTo(StatusCallbacks.dedupeKey(b));
        assertThat(StatusCallbacks.dedupeKey(a)).isNotEqualTo(StatusCallbacks.dedupeKey(c));
    }

    @Test
    void dedupe_key_cannot_be_confused_by_shifting_characters_between_name_and_value() {
        assertThat(StatusCallbacks.dedupeKey(Map.of("ab", "c")))
                .isNotEqualTo(StatusCallbacks.dedupeKey(Map.of("a", "bc")));
    }
}
