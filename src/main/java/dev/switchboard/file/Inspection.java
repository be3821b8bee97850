package dev.switchboard.file;

import java.nio.file.Path;
import java.time.Instant;

/**
 * What the first pass over a dropped file found: its name, format, the SHA-256 of its bytes (lower-case
 * hex), its size and how many rows it has; {@code takenAt} is when the inbox took it, before that pass.
 * {@code handle}: the file as opened for that pass, which the import reads too (null before the pass).
 */
record Inspection(Path file, String name, FileFormat format, String contentHash, long totalRows, Instant takenAt,
                  InboxFile handle, long size) {

    /** Before the first pass: the name and time only. */
    Inspection(Path file, String name, FileFormat format, Instant takenAt) {
        this(file, name, format, null, 0, takenAt, null, -1);
    }
}
