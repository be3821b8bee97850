package dev.switchboard.mail;

import dev.switchboard.domain.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MailRecipientTest {

    @Test
    void takes_the_number_from_the_to_address_local_part() {
        assertThat(MailRecipient.of(List.of("+14155550100@sms.example.com"), "Alarm")).isEqualTo("+14155550100");
    }

    @Test
    void ignores_addresses_that_are_not_numbers() {
        assertThat(MailRecipient.of(List.of("switchboard@example.com", "+14155550100@sms.example.com"), ""))
                .isEqualTo("+14155550100");
    }

    @Test
    void takes_the_number_from_an_sms_subject() {
        assertThat(MailRecipient.of(List.of("switchboard@example.com"), "SMS +1 (415) 555-0100"))
                .isEqualTo("+1 (415) 555-0100");
        assertThat(MailRecipient.of(List.of(), "sms: +14155550100")).isEqualTo("+14155550100");
    }

    @Test
    void the_same_number_twice_is_one_recipient() {
        assertThat(MailRecipient.of(List.of("+14155550100@sms.example.com"), "SMS +1 415 555 0100"))
                .isEqualTo("+14155550100");
    }

    @Test
    void refuses_a_mail_without_a_number() {
        assertThatThrownBy(() -> MailRecipient.of(List.of("switchboard@example.com"), "Alarm: SMS please"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.code()).isEqualTo("missing_to"));
    }

    @Test
    void refuses_two_different_numbers() {
        assertThatThrownBy(() -> MailRecipient.of(List.of("+14155550100@sms.example.com", "+14155550199@sms.example.com"), ""))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.code()).isEqualTo("ambiguous_to"));
    }

    @Test
    void a_number_without_plus_is_passed_on_for_the_front_door_to_refuse() {
        assertThat(MailRecipient.of(List.of("4155550100@sms.example.com"), "")).isEqualTo("4155550100");
    }
}
