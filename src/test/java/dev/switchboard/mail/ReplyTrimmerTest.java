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

    /** The regular expression attributions were matched with before; the hand-written check must agree with it. */
    private static final java.util.regex.Pattern OLD = java.util.regex.Pattern.compile(
            "(?i)^\\s*(on\\s.+\\swrote|am\\s.+\\sschrieb.*|le\\s.+\\sa\\s+écrit)\\s*:\\s*$");

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "On Mon, 1 Jan 2024, Ann <ann@example.com> wrote:", "on x wrote :", "On wrote:", "On  wrote:",
            "Am 01.01.2024 um 10:00 schrieb Ann:", "Am 1. Jan. schrieb Ann <ann@example.com>:", "am x schrieb:",
            "Am schrieb:", "Le 1 janv. 2024, Ann a écrit :", "le x a écrit:", "Le a écrit :", "Le x aa écrit :",
            "  On Tuesday Bob wrote:  ", "On Tuesday Bob wrote", "One day Bob wrote:", "Online wrote:",
            "Amsterdam schrieb:", "Am x unterschrieb:", "Le x a   écrit:", "Le x a\técrit:", "wrote:", ":"})
    void attributions_are_recognised_as_the_regular_expression_did(String line) {
        assertThat(ReplyTrimmer.attribution(line)).isEqualTo(OLD.matcher(line).matches());
    }

    /** A hostile line the old expression took quadratic time on; the test's time-out only guards against a hang. */
    @Test
    @org.junit.jupiter.api.Timeout(30)
    void a_megabyte_line_of_near_attributions_is_kept_as_text() {
        String hostile = "am x" + " schrieb".repeat(125_000) + " ".repeat(100_000) + "!";
        assertThat(ReplyTrimmer.trim(hostile + "\nhello")).isEqualTo(hostile.stripTrailing() + "\nhello");
    }
}
