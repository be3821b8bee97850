package dev.switchboard.domain;

import static dev.switchboard.domain.Segments.Encoding.GSM7;
import static dev.switchboard.domain.Segments.Encoding.UCS2;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SmartEncodingTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "curly single quotes       | ‘hi’ it’s               | 'hi' it's",
        "low and reversed singles  | ‚so‛                    | 'so'",
        "primes                    | 5′ 3″ and ‵x‶           | 5' 3\" and 'x\"",
        "modifier apostrophes      | Hawaiʻi ʼokina ˈx ´ ˋ   | Hawai'i 'okina 'x ' '",
        "curly double quotes       | “hi” „so‟               | \"hi\" \"so\"",
        "guillemets                | «oui» ‹non›             | \"oui\" <non>",
        "dashes                    | a–b—c‒d―e−f‑g‐h         | a-b-c-d-e-f-g-h",
        "bullet as Twilio does     | • item                  | - item",
        "ellipsis                  | wait…                   | wait...",
        "double exclamation        | yes‼                    | yes!!",
        "fullwidth forms           | ＡＢＣ１２３！＠ｘ      | ABC123!@x",
        "fullwidth grave           | ｀x｀                   | 'x'",
        "grave accent              | `x`                     | 'x'",
    })
    void replaces_look_alikes(String name, String input, String expected) {
        SmartEncoding.Result result = SmartEncoding.apply(input);

        assertThat(result.body()).isEqualTo(expected);
        assertThat(result.changed()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u00a0", "\u2000", "\u2001", "\u2002", "\u2003", "\u2004", "\u2005", "\u2006", "\u2007",
        "\u2008", "\u2009", "\u200a", "\u202f", "\u205f", "\u3000", "\u2028", "\u2029"})
    void unicode_spaces_become_plain_spaces(String space) {
        assertThat(SmartEncoding.apply("a" + space + "b").body()).isEqualTo("a b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u200b", "\u2060", "\ufeff", "\u00ad"})
    void invisible_characters_are_removed(String invisible) {
        assertThat(SmartEncoding.apply("co" + invisible + "op").body()).isEqualTo("coop");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u200c", "\u200d"})
    void joiners_in_otherwise_gsm_text_are_removed(String joiner) {
        assertThat(SmartEncoding.apply("co" + joiner + "op").body()).isEqualTo("coop");
    }

    @Test
    void joiners_inside_emoji_sequences_are_kept() {
        String family = "👨\u200d👩\u200d👧 ‘home’";

        assertThat(SmartEncoding.apply(family).body()).isEqualTo("👨\u200d👩\u200d👧 'home'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Plain ASCII: 'quotes' \"double\" - dash ... dots", "Café, niño, Ärger, Ünal, Øre, Ç, à, ß",
        "Δ_ΦΓΛΩΠΨΣΘΞ £$¥ @ § ¿¡ ¤", "{[~^|\\€]}", "line\nbreak\rreturn", ""})
    void gsm_text_is_left_alone(String body) {
        SmartEncoding.Result result = SmartEncoding.apply(body);

        assertThat(result.body()).isEqualTo(body);
        assertThat(result.changed()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Привет 👍", "你好", "ç", "🎉🎉", "नमस्ते"})
    void characters_without_look_alikes_are_kept(String body) {
        SmartEncoding.Result result = SmartEncoding.apply(body);

        assertThat(result.body()).isEqualTo(body);
        assertThat(result.changed()).isFalse();
    }

    @Test
    void smart_quotes_message_drops_from_ucs2_to_gsm7() {
        String body = "“Your order’s ready” — collect it at 12 High St before 5 pm… Reply STOP to opt out.";
        assertThat(Segments.of(body)).isEqualTo(new Segments(UCS2, 2, 83));

        SmartEncoding.Result result = SmartEncoding.apply(body);

        assertThat(result.body())
                .isEqualTo("\"Your order's ready\" - collect it at 12 High St before 5 pm... Reply STOP to opt out.");
        assertThat(Segments.of(result.body())).isEqualTo(new Segments(GSM7, 1, 85));
    }

    @Test
    void emoji_message_stays_ucs2_after_replacement() {
        SmartEncoding.Result result = SmartEncoding.apply("It’s here 🎉");

        assertThat(result.body()).isEqualTo("It's here 🎉");
        assertThat(result.changed()).isTrue();
        assertThat(Segments.of(result.body()).encoding()).isEqualTo(UCS2);
    }
}
