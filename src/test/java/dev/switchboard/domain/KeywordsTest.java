package dev.switchboard.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class KeywordsTest {

    private static final String[] WRAPPINGS = {
        "%s", "%s.", "%s!", "  %s!! ", "%s\n", "\t%s?", "\"%s\"", "'%s',", "%s;", "%s:", "“%s”", "¡%s!",
        "\u00a0%s\u00a0", "\u3000%s\u2003", "\u200b%s\ufeff", "(%s)", "%s...", "%s~", "\r\n%s\r\n",
    };

    static Stream<Arguments> keywordsInEveryCaseAndWrapping() {
        return Arrays.stream(Keyword.values()).flatMap(keyword -> keyword.words().stream()
                .flatMap(word -> Stream.of(word.toUpperCase(Locale.ROOT), word, mixedCase(word)))
                .flatMap(word -> Arrays.stream(WRAPPINGS).map(wrapping -> String.format(wrapping, word)))
                .map(body -> Arguments.of(body, keyword)));
    }

    private static String mixedCase(String word) {
        StringBuilder mixed = new StringBuilder();
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            mixed.append(i % 2 == 0 ? Character.toUpperCase(c) : c);
        }
        return mixed.toString();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("keywordsInEveryCaseAndWrapping")
    void every_keyword_counts_in_any_case_with_surrounding_space_and_punctuation(String body, Keyword expected) {
        assertThat(Keywords.classify(body)).contains(expected);
    }

    @Test
    void stop_with_trailing_period_opts_out() {
        assertThat(Keywords.classify("Stop.")).contains(Keyword.OPT_OUT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"please stop texting", "stop it", "STOPP", "st op", "STOP STOP", "STOP\nSTOP",
        "s.t.o.p", "STOP 👍", "👍", "stop-all", "un stop", "HELP me", "yes please", "...", "  ", "\u00a0", "0"})
    void look_alikes_are_not_keywords(String body) {
        assertThat(Keywords.classify(body)).isEmpty();
        assertThat(Keywords.keywordOf(body)).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    void null_and_empty_are_not_keywords(String body) {
        assertThat(Keywords.classify(body)).isEmpty();
        assertThat(Keywords.keywordOf(body)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"STOPALL", " StopAll! ", "stopall."})
    void keyword_of_records_the_word_in_lower_case(String body) {
        assertThat(Keywords.keywordOf(body)).contains("stopall");
    }

    @Test
    void keyword_of_tells_apart_words_of_the_same_kind() {
        assertThat(Keywords.keywordOf("Unsubscribe!")).contains("unsubscribe");
        assertThat(Keywords.keywordOf("cancel")).contains("cancel");
        assertThat(Keywords.keywordOf("INFO?")).contains("info");
    }

    @Test
    void a_turkish_default_locale_does_not_break_quit_or_info() {
        Locale previous = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
        try {
            assertThat(Keywords.classify("quit")).contains(Keyword.OPT_OUT);
            assertThat(Keywords.classify("QUIT")).contains(Keyword.OPT_OUT);
            assertThat(Keywords.classify("info")).contains(Keyword.HELP);
            assertThat(Keywords.keywordOf("QUIT")).contains("quit");
        } finally {
            Locale.setDefault(previous);
        }
    }

    @Test
    void keyword_lists_match_twilios() {
        assertThat(Keyword.OPT_OUT.words())
                .containsExactly("stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "optout");
        assertThat(Keyword.OPT_IN.words()).containsExactly("start", "yes", "unstop");
        assertThat(Keyword.HELP.words()).containsExactly("help", "info");
    }
}
