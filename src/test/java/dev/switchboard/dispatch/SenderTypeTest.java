package dev.switchboard.dispatch;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SenderTypeTest {

    @ParameterizedTest
    @CsvSource({
            "+14155550100, LONG_CODE",
            "+447700900123, LONG_CODE",
            "+18005550100, TOLL_FREE",
            "+18335550100, TOLL_FREE",
            "+18885550100, TOLL_FREE",
            "+18015550100, LONG_CODE",
            "+448005550100, LONG_CODE",
            "12345, SHORT_CODE",
            "123456, SHORT_CODE",
            "1234567, ALPHANUMERIC",
            "Acme, ALPHANUMERIC",
            "whatsapp:+14155238886, WHATSAPP",
            "MG0123456789abcdef0123456789abcdef, MESSAGING_SERVICE",
            "MGshort, ALPHANUMERIC"
    })
    void classifies_a_sender_by_its_form(String sender, SenderType expected) {
        assertThat(SenderType.of(sender)).isEqualTo(expected);
    }
}
