package dev.switchboard.store;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The text-format pieces of {@link CopyRows} ({@link CopyText}); the round trip through PostgreSQL is in MessageStoreBatchIT. */
class CopyTextTest {

    private static final DateTimeFormatter POSTGRES =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS'+00'").withZone(ZoneOffset.UTC);

    @Test
    void timestamps_are_written_as_postgres_prints_them_to_the_microsecond() {
        assertThat(new CopyText(8).timestamp(Instant.parse("2026-01-02T03:04:05.000007Z")).toString())
                .isEqualTo("2026-01-02 03:04:05.000007+00");
        assertThat(new CopyText(8).timestamp(Instant.parse("0999-12-31T23:59:59.999999999Z")).toString())
                .isEqualTo("0999-12-31 23:59:59.999999+00");
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 10_000; i++) {
            Instant at = Instant.ofEpochSecond(random.nextLong(-30_000_000_000L, 250_000_000_000L),
                    random.nextInt(1_000_000) * 1000L);
            assertThat(new CopyText(8).timestamp(at).toString()).as("%s", at)
                    .isEqualTo(POSTGRES.format(at));
        }
    }

    @Test
    void fields_escape_exactly_the_four_characters_of_the_text_format() {
        assertThat(new CopyText(8).field(null).toString()).isEqualTo("\\N");
        assertThat(new CopyText(8).field("").toString()).isEmpty();
        assertThat(new CopyText(8).field("plain, \"quoted\" é 😀").toString())
                .isEqualTo("plain, \"quoted\" é 😀");
        assertThat(new CopyText(8).field("a\\b\tc\nd\re\\N").toString())
                .isEqualTo("a\\\\b\\tc\\nd\\re\\\\N");
    }

    @Test
    void a_line_mixing_ascii_and_other_scripts_is_utf8_with_escapes_where_they_were() {
        CopyText t = new CopyText(8); // grows as it goes
        t.field("€ 5\tnet").ascii('\t').field("😀").ascii('\t').number(-42).ascii('\t').field(null).ascii('\n');
        t.field("plain");

        assertThat(t.toString()).isEqualTo("€ 5\\tnet\t😀\t-42\t\\N\nplain");
        assertThat(t.length()).isEqualTo(t.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        t.clear();
        assertThat(t.toString()).isEmpty();
    }

    @Test
    void any_text_is_encoded_exactly_like_escaping_then_getBytes() {
        SplittableRandom random = new SplittableRandom(7);
        char[] pool = {'a', 'Z', '0', ' ', ',', '"', '\\', '\t', '\n', '\r', 'é', 'ß', '€', '中', '\uD83D', '\uDE00',
            '\uDBFF', '\uDFFF', '\u07FF', '\u0800', '\uFFFF', '\u0080', '\u007F'};
        for (int i = 0; i < 20_000; i++) {
            char[] text = new char[random.nextInt(12)];
            for (int j = 0; j < text.length; j++) {
                text[j] = pool[random.nextInt(pool.length)];
            }
            String value = new String(text);
            byte[] expected = value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
                    .replace("\r", "\\r").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            CopyText t = new CopyText(1);

            t.field(value);

            assertThat(java.util.Arrays.copyOf(bytes(t), t.length())).as("%s", value.chars().boxed().toList())
                    .isEqualTo(expected);
        }
    }

    private static byte[] bytes(CopyText t) {
        try {
            return t.stream().readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
