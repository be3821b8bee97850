package dev.switchboard.file;

import java.time.Instant;

/**
 * One file taken from the inbox and what became of its rows.
 *
 * @param status     {@code processing}, {@code done}, {@code failed} (not readable) or {@code skipped} (same
 *                   content as an earlier import)
 * @param totalRows  rows found by the first pass over the file, or {@code null} when it could not be read
 * @param rows       rows handled so far: {@code accepted + rejected + duplicates}
 */
public record FileImport(long id, String name, String contentHash, String format, String status, Long totalRows,
                         long rows, long accepted, long rejected, long duplicates, String reason, int attempts,
                         Instant startedAt, Instant updatedAt, Instant finishedAt) {

    public static final String PROCESSING = "processing";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    public static final String SKIPPED = "skipped";
}
