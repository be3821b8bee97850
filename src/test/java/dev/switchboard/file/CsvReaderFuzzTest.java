package dev.switchboard.file;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inbox's CSV and JSONL readers on generated files: a file is either refused whole ({@link UnreadableFileException})
 * or read row by row, each row mapped or refused; nothing else is thrown, and a small record limit holds.
 */
class CsvReaderFuzzTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-01T09:00:00Z"), ZoneOffset.UTC);
    private static final InboxLimits LIMITS = new InboxLimits(1 << 20, 2_000);

    @Property(tries = 300)
    void any_csv_is_refused_whole_or_read_row_by_row(@ForAll("csv") String text) throws IOException {
        read("fuzz.csv", text.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 200)
    void any_bytes_are_refused_whole_or_read_row_by_row(@ForAll("bytes") byte[] bytes) throws IOException {
        read("fuzz.csv", bytes);
        read("fuzz.jsonl", bytes);
    }

    @Property(tries = 200)
    void any_jsonl_is_refused_whole_or_read_row_by_row(@ForAll("jsonl") String text) throws IOException {
        read("fuzz.jsonl", text.getBytes(StandardCharsets.UTF_8));
    }

    private static void read(String name, byte[] content) throws IOException {
        Path dir = Files.createTempDirectory("csv-fuzz");
        Path file = dir.resolve(name);
        Files.write(file, content);
        try {
            Inspection inspection;
            try {
                inspection = Inspector.inspect(file, name, CLOCK.instant(), LIMITS);
            } catch (UnreadableFileException refused) {
                assertThat(refused.getMessage()).isNotBlank();
                return;
            }
            long rows = 0;
            try (RowSource source = RowSource.open(inspection, CLOCK, dev.switchboard.domain.Priority.TRANSACTIONAL)) {
                while (source.hasNext()) {
                    assertThat(source.next()).isNotNull();
                    rows++;
                }
            }
            assertThat(rows).isEqualTo(inspection.totalRows());
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    @Provide
    Arbitrary<String> csv() {
        Arbitrary<String> tokens = Arbitraries.of("to", "body", "sendAt", "tags", "channel", ",", "\"", "\"\"", "\n", "\r\n",
                "\r", "+14155550100", "hello", "whatsapp", "2030-01-01T10:00:00Z", " ", "é", "\uFEFF", "x".repeat(500),
                "\u0000", "to,body\n", "to,to\n");
        return Arbitraries.oneOf(tokens.list().ofMaxSize(80).map(l -> String.join("", l)),
                tokens.list().ofMaxSize(80).map(l -> "to,body\n" + String.join("", l)),
                Arbitraries.strings().ofMaxLength(300));
    }

    @Provide
    Arbitrary<String> jsonl() {
        Arbitrary<String> tokens = Arbitraries.of("{", "}", "\"to\":", "\"body\":", "\"+14155550100\"", "\"hi\"", ",", "\n",
                "[", "]", "null", "\"idempotencyKey\":", "\"k\"", "1", "\\", "\"");
        return tokens.list().ofMaxSize(60).map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(400);
    }
}
