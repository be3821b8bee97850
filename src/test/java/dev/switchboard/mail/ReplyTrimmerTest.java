package dev.switchboard.mail;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReplyTrimmerTest {

    @Test
    void keeps_plain_text_as_it_is() {
        assertThat(ReplyTrimmer.trim("Pump 3 is down.\nCall Bob.")).isEqualTo("Pump 3 is down.\nCall Bob.");
    }

    @Test
    void drops_the_signature_from_the_delimiter_on() {
        assertThat(ReplyTrimmer.trim("Door open\n\n-- \nAlarm panel 7\nBuilding B")).isEqualTo("Door open");
    }

    @Test
    void a_delimiter_without_its_trailing_space_counts_too() {
        assertThat(ReplyTrimmer.trim("Door open\n--\nPanel")).isEqualTo("Door open");
    }

    @Test
    void drops_quoted_lines_and_the_attribution() {
        String mail = "Yes, restart it.\r\n\r\nOn Mon, 1 Jan 2024 at 10:00, Ann <ann@example.com> wrote:\r\n"
                + "> Shall I restart pump 3?\r\n>> earlier\r\n";

        assertThat(ReplyTrimmer.trim(mail)).isEqualTo("Yes, restart it.");
    }

    @Test
    void an_attribution_wrapped_over_two_lines_is_dropped() {
        String mail = "Done.\n\nOn Mon, 1 Jan 2024 at 10:00, Ann Example <\nann@example.com> wrote:\n> old";

        assertThat(ReplyTrimmer.trim(mail)).isEqualTo("Done.");
    }

    @Test
    void interleaved_answers_survive() {
        String mail = "On Tue, Bob wrote:\n> Pump?\nRestarted.\n> Door?\nClosed.";

        assertThat(ReplyTrimmer.trim(mail)).isEqualTo("Restarted.\nClosed.");
    }

    @Test
    void cuts_at_an_original_message_marker() {
        assertThat(ReplyTrimmer.trim("Fine.\n\n-----Original Message-----\nFrom: x\nold text")).isEqualTo("Fine.");
    }

    @Test
    void german_attribution_is_dropped() {
        assertThat(ReplyTrimmer.trim("Ja.\nAm 01.01.2024 um 10:00 schrieb Ann <ann@example.com>:\n> Frage"))
                .isEqualTo("Ja.");
    }

    @Test
    void collapses_blank_lines_and_trims() {
        assertThat(ReplyTrimmer.trim("\n\n  \nA  \n\n\n\nB\n\n")).isEqualTo("A\n\nB");
    }

    @Test
    void a_mail_of_only_quotes_and_signature_is_empty() {
        assertThat(ReplyTrimmer.trim("> quoted\n-- \nsig")).isEmpty();
    }
}
