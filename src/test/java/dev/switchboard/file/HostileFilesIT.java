package dev.switchboard.file;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.Backend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile files in the inbox, on PostgreSQL: each is quarantined in failed/ with its reason, nothing of it is sent,
 * nothing is written or read outside the inbox, and the inbox keeps importing good files afterwards.
 */
class HostileFilesIT {

    private static final long MAX_FILE_BYTES = 1_000_000;
    private static Inbox inbox;

    @BeforeAll
    static void start() {
        Map<String, String> settings = new HashMap<>(Backend.POSTGRES.freshDatabase("file_hostile"));
        settings.put("switchboard.inbox.max-file-bytes", String.valueOf(MAX_FILE_BYTES));
        inbox = Inbox.start(settings);
    }

    @AfterAll
    static void stop() {
        inbox.close();
    }

    @Test
    void a_symbolic_link_to_a_file_outside_the_inbox_is_never_followed() throws IOException {
        Path outside = Files.createTempFile("outside-the-inbox", ".csv");
        String content = "to,body\n+14155557001,read through a link\n";
        Files.writeString(outside, content);
        Files.createSymbolicLink(inbox.dir().resolve("link.csv"), outside);

        assertQuarantined("link.csv", "symbolic link");

        assertThat(Files.isSymbolicLink(inbox.failed("link.csv"))).isTrue();
        assertThat(Files.readString(outside)).isEqualTo(content);
        assertThat(inbox.sentTo("+14155557001")).isEmpty();
    }

    @Test
    void names_with_dot_dot_or_control_characters_stay_inside_the_inbox() throws IOException {
        Path parent = inbox.dir().getParent();
        List<String> before = names(parent);
        inbox.drop("x..escape..csv", "to,body\n+14155557002,dots\n");
        inbox.drop("..hidden.csv", "to,body\n+14155557012,a dot file\n"); // names starting with '.' are never taken
        inbox.drop("forged\n12:00:00.000 INFO granted.csv", "to,body\n+14155557003,newline\n");

        assertThat(inbox.awaitImport("x..escape..csv").get("status").asText()).isEqualTo("done");
        assertThat(inbox.done("x..escape..csv")).exists();
        assertQuarantined("forged\n12:00:00.000 INFO granted.csv", "control characters");

        assertThat(names(parent)).containsExactlyInAnyOrderElementsOf(before);
        assertThat(inbox.sentTo("+14155557003")).isEmpty();
        assertThat(inbox.dir().resolve("..hidden.csv")).exists();
        assertThat(inbox.sentTo("+14155557012")).isEmpty();
    }

    @Test
    void a_backslash_name_cannot_reach_a_file_outside_the_inbox() throws IOException {
        // Camel's file component reads '\\' as a path separator: x\..\..\outside.csv would be <inbox>/../outside.csv.
        Path outside = inbox.dir().getParent().resolve("outside-" + System.nanoTime() + ".csv");
        Files.writeString(outside, "to,body\n+14155557013,read from outside the inbox\n");
        Files.createDirectories(inbox.dir().resolve("x"));
        String name = "x\\..\\..\\" + outside.getFileName();
        inbox.drop(name, "to,body\n+14155557014,the dropped file\n");
        inbox.drop("after-backslash.csv", "to,body\n+14155557015,next\n");

        assertThat(inbox.awaitImport("after-backslash.csv").get("status").asText()).isEqualTo("done");
        try {
            assertThat(outside).exists();
            assertThat(inbox.dir().resolve(name)).exists(); // not taken: left where it was dropped
            assertThat(inbox.sentTo("+14155557013")).isEmpty();
            assertThat(inbox.sentTo("+14155557014")).isEmpty();
        } finally {
            Files.deleteIfExists(outside);
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (var list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).filter(n -> n.contains("escape") || n.contains("granted")).toList();
        }
    }

    @Test
    void a_zip_bomb_or_gzip_named_as_text_is_refused_unopened() throws IOException {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            z.putNextEntry(new ZipEntry("rows.csv"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 100; i++) {
                z.write(zeros); // 100 MiB unpacked, a few hundred KiB packed
            }
            z.closeEntry();
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(gz)) {
            g.write("{\"to\":\"+14155557004\",\"body\":\"zipped\"}\n".getBytes(StandardCharsets.UTF_8));
        }
        inbox.drop("bomb.csv", zip.toByteArray());
        inbox.drop("packed.jsonl", gz.toByteArray());

        assertQuarantined("bomb.csv", "compressed zip archive");
        assertQuarantined("packed.jsonl", "compressed gzip archive");
        assertThat(inbox.sentTo("+14155557004")).isEmpty();
    }

    @Test
    void a_huge_line_or_an_unclosed_quote_is_refused_before_it_is_buffered() {
        inbox.drop("long-line.jsonl", "{\"to\":\"+14155557005\",\"body\":\"" + "x".repeat(200_000) + "\"}\n");
        inbox.drop("unclosed.csv", "to,body\n+14155557006,\"never closed\n" + "more text\n".repeat(20_000));

        assertQuarantined("long-line.jsonl", "max-record-chars");
        assertQuarantined("unclosed.csv", "unclosed quote");
        assertThat(inbox.sentTo("+14155557005")).isEmpty();
        assertThat(inbox.sentTo("+14155557006")).isEmpty();
    }

    @Test
    void a_file_over_the_size_limit_is_refused_whole() {
        StringBuilder rows = new StringBuilder("to,body\n");
        while (rows.length() <= MAX_FILE_BYTES) {
            rows.append("+14155557007,a valid row in a file that is too large\n");
        }
        inbox.drop("huge.csv", rows.toString());

        assertQuarantined("huge.csv", "max-file-bytes");
        assertThat(inbox.sentTo("+14155557007")).isEmpty();
    }

    @Test
    void utf16_and_latin1_files_are_refused_as_not_utf8() {
        byte[] utf16 = "\uFEFFto,body\n+14155557008,utf-16\n".getBytes(StandardCharsets.UTF_16LE);
        inbox.drop("utf16.csv", utf16);
        inbox.drop("latin1.csv", "to,body\n+14155557009,caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

        assertQuarantined("utf16.csv", "");
        assertQuarantined("latin1.csv", "not UTF-8");
        assertThat(inbox.sentTo("+14155557008")).isEmpty();
        assertThat(inbox.sentTo("+14155557009")).isEmpty();
    }

    @Test
    void files_in_subfolders_are_not_read_and_good_files_still_go_through() throws IOException {
        Files.createDirectories(inbox.dir().resolve("sub"));
        Files.writeString(inbox.dir().resolve("sub").resolve("nested.csv"), "to,body\n+14155557010,nested\n");
        inbox.drop("good.csv", "to,body\n+14155557011,still working\n");

        assertThat(inbox.awaitImport("good.csv").get("status").asText()).isEqualTo("done");
        await().atMost(Duration.ofSeconds(10)).until(() -> !inbox.sentTo("+14155557011").isEmpty());
        assertThat(inbox.dir().resolve("sub").resolve("nested.csv")).exists();
        assertThat(inbox.sentTo("+14155557010")).isEmpty();
    }

    private static void assertQuarantined(String name, String reason) {
        JsonNode result = inbox.awaitImport(name);
        assertThat(result.get("status").asText()).isEqualTo("failed");
        assertThat(Files.exists(inbox.failed(name), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(Inbox.read(inbox.failed(name + ".reason.txt"))).contains(reason);
        assertThat(result.get("rows").asLong()).isZero();
    }
}
