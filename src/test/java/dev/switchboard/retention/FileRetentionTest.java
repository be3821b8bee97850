package dev.switchboard.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRetentionTest {

    private static final Instant NOW = Instant.parse("2030-02-01T00:00:00Z");

    @TempDir
    Path inbox;

    private Path file(String path, Duration age) throws Exception {
        Path file = inbox.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "to,body\n+14155550100,hello\n");
        Files.setLastModifiedTime(file, FileTime.from(NOW.minus(age)));
        return file;
    }

    @Test
    void imported_files_older_than_the_period_are_deleted_and_the_inbox_itself_is_never_touched() throws Exception {
        Path oldDone = file("done/old.csv", Duration.ofDays(31));
        Path oldReason = file("failed/bad.csv.reason.txt", Duration.ofDays(40));
        Path recent = file("done/recent.csv", Duration.ofDays(29));
        Path waiting = file("waiting.csv", Duration.ofDays(90));
        Path target = file("elsewhere/keep.csv", Duration.ofDays(90));
        Path link = Files.createSymbolicLink(inbox.resolve("done/link.csv"), target);
        Files.setLastModifiedTime(inbox.resolve("done"), FileTime.from(NOW.minus(Duration.ofDays(90))));

        int deleted = new FileRetention(inbox, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofDays(30)).run();

        assertThat(oldDone).doesNotExist();
        assertThat(oldReason).doesNotExist();
        assertThat(recent).exists();
        assertThat(waiting).as("not yet imported").exists();
        assertThat(target).as("a link is deleted, never followed").exists();
        assertThat(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(deleted).isEqualTo(3);
    }
}
