package dev.switchboard.file;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InspectorTest {

    @TempDir
    Path dir;

    private static Inspection inspect(Path file, String name) throws Exception {
        return Inspector.inspect(file, name, Instant.parse("2030-01-01T09:00:00Z"));
    }

    private Path write(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }

    private Path write(String name, String text) throws Exception {
        return write(name, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void hashes_every_byte_bom_included_and_counts_the_data_rows() throws Exception {
        byte[] bytes = "\uFEFFto,body\r\n+14155550100,\"a,\r\nb\"\r\n\r\n+14155550101,c\r\n".getBytes(StandardCharsets.UTF_8);
        Inspection inspection = inspect(write("a.csv", bytes), "a.csv");

        assertThat(inspection.contentHash())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        assertThat(inspection.totalRows()).isEqualTo(2);
        assertThat(inspection.format()).isEqualTo(FileFormat.CSV);
    }

    @Test
    void the_second_pass_reads_the_rows_the_first_counted_with_the_bom_gone_and_quotes_kept() throws Exception {
        Path file = write("b.csv", "\uFEFFto,body\r\n+14155550100,\"a,\r\nb\"\r\n+14155550101,c\r\n");
        Inspection inspection = inspect(file, "b.csv");

        List<Row> rows = new ArrayList<>();
        try (RowSource source = RowSource.open(inspection, Clock.systemUTC(), dev.switchboard.domain.Priority.TRANSACTIONAL)) {
            source.forEachRemaining(rows::add);
            assertThat(source.columns()).containsExactly("to", "body");
        }

        assertThat(rows).extracting(r -> r.request().body()).containsExactly("a,\r\nb", "c");
        assertThat(rows).extracting(r -> r.request().idempotencyKey())
                .containsExactly("file:" + inspection.contentHash() + ":1", "file:" + inspection.contentHash() + ":2");
    }

    @Test
    void counts_jsonl_lines_that_are_not_blank_and_numbers_rows_by_line() throws Exception {
        Path file = write("c.jsonl", "{\"to\":\"+14155550100\",\"body\":\"a\"}\n\n{\"to\":\"+14155550100\",\"body\":\"b\"}");
        Inspection inspection = inspect(file, "c.jsonl");

        List<Row> rows = new ArrayList<>();
        try (RowSource source = RowSource.open(inspection, Clock.systemUTC(), dev.switchboard.domain.Priority.TRANSACTIONAL)) {
            source.forEachRemaining(rows::add);
        }

        assertThat(inspection.totalRows()).isEqualTo(2);
        assertThat(rows).extracting(Row::number).containsExactly(1L, 3L);
    }

    @Test
    void refuses_binary_content_text_that_is_not_utf8_and_an_empty_csv() throws Exception {
        assertThatThrownBy(() -> inspect(write("d.csv", "to,body\n+1415\0,x\n"), "d.csv"))
                .isInstanceOf(UnreadableFileException.class).hasMessageContaining("binary");
        assertThatThrownBy(() -> inspect(write("e.csv", "to,body\n+14155550100,caf\u00e9\n"
                .getBytes(StandardCharsets.ISO_8859_1)), "e.csv"))
                .isInstanceOf(UnreadableFileException.class).hasMessageContaining("not UTF-8");
        assertThatThrownBy(() -> inspect(write("f.csv", ""), "f.csv"))
                .isInstanceOf(UnreadableFileException.class).hasMessageContaining("empty");
    }

    @Test
    void refuses_a_csv_with_an_unclosed_quote_or_a_column_named_twice() throws Exception {
        assertThatThrownBy(() -> inspect(write("g.csv", "to,body\n+14155550100,\"open\n"), "g.csv"))
                .isInstanceOf(UnreadableFileException.class).hasMessageContaining("not well-formed CSV");
        assertThatThrownBy(() -> inspect(write("h.csv", "to,body,body\n"), "h.csv"))
                .isInstanceOf(UnreadableFileException.class).hasMessageContaining("duplicate");
    }
}
