package dev.switchboard.file;

/** How many rows of a file were handled so far, and how each ended. */
public record ImportCounts(long rows, long accepted, long rejected, long duplicates) {
}
