package dev.switchboard.file;

import java.util.Locale;

/** The two kinds of file the inbox takes, told apart by extension. */
public enum FileFormat {
    CSV("csv"),
    JSONL("jsonl");

    private final String wireName;

    FileFormat(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The format of a file name ending in {@code .csv} or {@code .jsonl} (any case). */
    public static FileFormat of(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv")) {
            return CSV;
        }
        if (lower.endsWith(".jsonl")) {
            return JSONL;
        }
        throw new IllegalArgumentException("not a .csv or .jsonl file: " + fileName);
    }
}
