package dev.switchboard.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChannelTest {

    @ParameterizedTest
    @EnumSource(Channel.class)
    void parses_its_own_wire_name(Channel channel) {
        assertThat(Channel.parse(channel.wireName())).isEqualTo(channel);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SMS", "Sms", "fax", "", " sms"})
    void rejects_unknown_or_wrongly_cased_names_as_unprocessable(String raw) {
        assertThatThrownBy(() -> Channel.parse(raw))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.code()).isEqualTo("invalid_channel");
                    assertThat(e.field()).isEqualTo("channel");
                    assertThat(e.httpStatus()).isEqualTo(422);
                    assertThat(e).hasMessage("'channel' must be one of sms, whatsapp, voice: got '" + raw + "'");
                });
    }
}
