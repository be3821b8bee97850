package dev.switchboard.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.domain.Priority;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17: the inbox imports the bytes it inspected, through one handle, and notices a file changed under it. */
class InboxFileTest {

    @TempDir
    Path dir;

    private static Inspection inspect(Path file) throws Exception {
        return Inspector.inspect(file, file.getFileName().toString(), Instant.parse("2030-01-01T09:00:00Z"),
                InboxLimits.DEFAULTS);
    }

    private static List<String> bodies(Inspection inspection) throws Exception {
        List<String> bodies = new ArrayList<>();
        try (RowSource source = RowSource.open(inspection, Clock.systemUTC(), Priority.TRANSACTIONAL)) {
            source.forEachRemaining(r -> bodies.add(r.request().body()));
            source.verifyUnchanged();
        }
        return bodies;
    }

    @Test
    void a_file_swapped_under_its_name_after_inspection_is_not_read_the_inspected_one_is() throws Exception {
        Path file = Files.writeString(dir.resolve("orders.csv"), "to,body\n+14155550100,inspected\n");
        Inspection inspection = inspect(file);
        Path other = Files.writeString(dir.resolve("other.tmp"), "to,body\n+14155550100,swapped in\n+14155550101,more\n");
        Files.move(other, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        assertThat(bodies(inspection)).containsExactly("inspected");
        inspection.handle().close();
    }

    @Test
    void a_file_that_grew_after_inspection_is_refused_before_any_row_is_read() throws Exception {
        Path file = Files.writeString(dir.resolve("grows.csv"), "to,body\n+14155550100,first\n");
        Inspection inspection = inspect(file);
        Files.writeString(file, "+14155550101,appended\n", StandardOpenOption.APPEND);

        assertThatThrownBy(() -> RowSource.open(inspection, Clock.systemUTC(), Priority.TRANSACTIONAL))
                .isInstanceOf(UnreadableFileException.class).hasMessageContaining("changed after it was inspected")
                .hasMessageContaining("nothing of it was sent");
        inspection.handle().close();
    }

    @Test
    void a_file_rewritten_in_place_at_the_same_size_fails_its_hash_check_at_the_end() throws Exception {
        Path file = Files.writeString(dir.resolve("rewritten.csv"), "to,body\n+14155550100,aaaa\n");
        Inspection inspection = inspect(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(raf.length() - 5);
            raf.write("bbbb".getBytes(StandardCharsets.UTF_8));
        }

        assertThatThrownBy(() -> bodies(inspection)).isInstanceOf(UnreadableFileException.class)
                .hasMessageContaining("changed while it was imported");
        inspection.handle().close();
    }

    @Test
    void a_link_is_refused_and_a_refused_file_leaves_no_handle_open() throws Exception {
        Path target = Files.writeString(dir.resolve("target.csv"), "to,body\n+14155550100,x\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), target);
        assertThatThrownBy(() -> inspect(link)).isInstanceOf(UnreadableFileException.class)
                .hasMessageContaining("symbolic link");

        Path archive = Files.write(dir.resolve("zipped.csv"), new byte[] {'P', 'K', 3, 4, 0, 0});
        long before = openFiles();
        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> inspect(archive)).hasMessageContaining("zip");
        }
        assertThat(openFiles()).as("file descriptors").isLessThan(before + 5);
    }

    private static long openFiles() throws Exception {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
