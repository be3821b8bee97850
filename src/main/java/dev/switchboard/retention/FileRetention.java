package dev.switchboard.retention;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Imported files follow the database's rule: in the inbox's {@code done/} and {@code failed/}, a file (its rows,
 * errors and reasons) last changed longer ago than the retention period is deleted. Links are deleted, never followed.
 */
public final class FileRetention {

    private static final Logger LOG = LoggerFactory.getLogger(FileRetention.class);

    private final List<Path> folders;
    private final Clock clock;
    private final Duration keep;

    public FileRetention(Path inbox, Clock clock, Duration keep) {
        this.folders = List.of(inbox.resolve("done"), inbox.resolve("failed"));
        this.clock = clock;
        this.keep = keep;
    }

    /** Deletes the expired files; returns how many. */
    public int run() {
        FileTime cutoff = FileTime.from(clock.instant().minus(keep));
        int deleted = 0;
        for (Path folder : folders) {
            if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
                for (Path file : files) {
                    if (!Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)
                            && Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).compareTo(cutoff) < 0) {
                        Files.delete(file);
                        deleted++;
                    }
                }
            } catch (IOException e) {
                LOG.warn("Retention: could not clear expired files in {}: {}", folder, e.toString());
            }
        }
        return deleted;
    }
}
