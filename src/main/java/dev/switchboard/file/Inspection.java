package dev.switchboard.file;

import java.nio.file.Path;
import java.time.Instant;

/**
 * What the first pass over a dropped file found: its name, format, the SHA-256 of its bytes (lower-case
 * hex) and how many rows it has; {@code takenAt} is when the inbox took it, before that pass.
 */
record Inspection(Path file, String name, FileFormat format, String contentHash, long totalRows, Instant takenAt) {
}
