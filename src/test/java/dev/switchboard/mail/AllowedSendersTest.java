package dev.switchboard.mail;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AllowedSendersTest {

    private final AllowedSenders senders = AllowedSenders.parse(" ops@example.com, @Alerts.Example.com ,");

    @Test
    void allows_listed_addresses_and_domains_case_insensitively() {
        assertThat(senders.allows("OPS@example.com")).isTrue();
        assertThat(senders.allows("panel7@alerts.example.com")).isTrue();
        assertThat(senders.size()).isEqualTo(2);
    }

    @Test
    void refuses_other_addresses_subdomains_and_look_alikes() {
        assertThat(senders.allows("dev@example.com")).isFalse();
        assertThat(senders.allows("x@eu.alerts.example.com")).isFalse();
        assertThat(senders.allows("x@alerts.example.com.evil.test")).isFalse();
        assertThat(senders.allows("ops@example.com@evil.test")).isFalse();
        assertThat(senders.allows(null)).isFalse();
    }

    @Test
    void an_empty_list_allows_no_one() {
        AllowedSenders none = AllowedSenders.parse("");

        assertThat(none.isEmpty()).isTrue();
        assertThat(none.allows("ops@example.com")).isFalse();
    }

    @Test
    void refuses_entries_that_are_not_addresses_or_domains() {
        assertThatThrownBy(() -> AllowedSenders.parse("example.com")).hasMessageContaining("example.com");
        assertThatThrownBy(() -> AllowedSenders.parse("ops@")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void both_envelope_sender_and_from_must_be_allowed() {
        assertThat(senders.refusal(mail("ops@example.com", "ops@example.com"))).isNull();
        assertThat(senders.refusal(mail("bounce@evil.test", "ops@example.com"))).contains("envelope sender");
        assertThat(senders.refusal(mail("ops@example.com", "boss@evil.test"))).contains("From");
        assertThat(senders.refusal(mail(null, "ops@example.com"))).contains("Return-Path");
    }

    @Test
    void a_from_header_naming_two_addresses_is_refused() {
        MailHeaders two = new MailHeaders("<id@x>", "ops@example.com", List.of("ops@example.com", "x@evil.test"),
                List.of(), "", "", false);

        assertThat(senders.refusal(two)).contains("exactly one");
    }

    private static MailHeaders mail(String returnPath, String from) {
        return new MailHeaders("<id@x>", returnPath, List.of(from), List.of(), "", "", false);
    }
}
