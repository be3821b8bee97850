package dev.switchboard.store;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The text-format pieces of {@link CopyRows}; the round trip through PostgreSQL is in MessageStoreBatchIT. */
class CopyRowsTest {

    private static final DateTimeFormatter POSTGRES =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS'+00'").withZone(ZoneOffset.UTC);

    @Test
    void timestamps_are_written_as_postgres_prints_them_to_the_microsecond() {
        assertThat(CopyRows.timestamp(new StringBuilder(), Instant.parse("2026-01-02T03:04:05.000007Z")).toString())
                .isEqualTo("2026-01-02 03:04:05.000007+00");
        assertThat(CopyRows.timestamp(new StringBuilder(), Instant.parse("0999-12-31T23:59:59.999999999Z")).toString())
                .isEqualTo("0999-12-31 23:59:59.999999+00");
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 10_000; i++) {
            Instant at = Instant.ofEpochSecond(random.nextLong(-30_000_000_000L, 250_000_000_000L),
                    random.nextInt(1_000_000) * 1000L);
            assertThat(CopyRows.timestamp(new StringBuilder(), at).toString()).as("%s", at)
                    .isEqualTo(POSTGRES.format(at));
        }
    }

    @Test
    void fields_escape_exactly_the_four_characters_of_the_text_format() {
        assertThat(CopyRows.field(new StringBuilder(), null).toString()).isEqualTo("\\N");
        assertThat(CopyRows.field(new StringBuilder(), "").toString()).isEmpty();
        assertThat(CopyRows.field(new StringBuilder(), "plain, \"quoted\" é 😀").toString())
                .isEqualTo("plain, \"quoted\" é 😀");
        assertThat(CopyRows.field(new StringBuilder(), "a\\b\tc\nd\re\\N").toString())
                .isEqualTo("a\\\\b\\tc\\nd\\re\\\\N");
    }
}
