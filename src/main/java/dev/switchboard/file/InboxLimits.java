package dev.switchboard.file;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * What the inbox refuses before reading a file, and the bound on a record while reading it: a symbolic link (never
 * followed out of the inbox), a name with control characters, a file over {@code maxFileBytes}, a compressed archive
 * (never unpacked), and a record (a CSV row, a JSONL line) over {@code maxRecordChars}.
 */
public record InboxLimits(long maxFileBytes, int maxRecordChars) {

    public static final InboxLimits DEFAULTS = new InboxLimits(1L << 30, 64 * 1024);

    /** @throws UnreadableFileException when the file must not be read at all */
    public void checkBeforeReading(Path file, String name) throws IOException {
        open(file, name).close();
    }

    /**
     * Opens a dropped file for reading, once it has passed the checks that need no reading: not a link (neither
     * before nor at opening), a regular file, a plain name, within the size limit, not an archive. The caller
     * reads and closes the handle; a refused file is closed here. Throws {@link UnreadableFileException} saying why.
     */
    InboxFile open(Path file, String name) throws IOException {
        if (Files.isSymbolicLink(file)) {
            throw new UnreadableFileException("the file is a symbolic link; links are never followed out of the inbox");
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnreadableFileException("not a regular file");
        }
        if (name.chars().anyMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029')) {
            throw new UnreadableFileException("the file name contains control characters");
        }
        InboxFile opened;
        try {
            opened = InboxFile.open(file);
        } catch (java.nio.file.FileSystemException e) {
            if (Files.isSymbolicLink(file)) { // made a link since the check above: opening refused to follow it
                throw new UnreadableFileException("the file is a symbolic link; links are never followed out of the inbox");
            }
            throw e;
        }
        try {
            if (opened.size() > maxFileBytes) {
                throw new UnreadableFileException("the file is " + opened.size() + " bytes; the limit is " + maxFileBytes
                        + " (switchboard.inbox.max-file-bytes): split it");
            }
            String archive = archiveKind(opened.head(6));
            if (archive != null) {
                throw new UnreadableFileException("the file is a compressed " + archive
                        + " archive, not text; the inbox never unpacks files");
            }
            return opened;
        } catch (IOException | RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    private static String archiveKind(byte[] head) {
        if (starts(head, 'P', 'K', 3, 4) || starts(head, 'P', 'K', 5, 6) || starts(head, 'P', 'K', 7, 8)) {
            return "zip";
        }
        if (starts(head, 0x1f, 0x8b)) {
            return "gzip";
        }
        if (starts(head, 'B', 'Z', 'h')) {
            return "bzip2";
        }
        if (starts(head, 0xfd, '7', 'z', 'X', 'Z', 0)) {
            return "xz";
        }
        if (starts(head, '7', 'z', 0xbc, 0xaf, 0x27, 0x1c)) {
            return "7z";
        }
        return null;
    }

    private static boolean starts(byte[] head, int... magic) {
        if (head.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /** A record longer than the limit: refused before the parser buffers it. */
    static final class RecordTooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        RecordTooLongException(long line, int limit) {
            super("line " + line + " starts a record longer than " + limit
                    + " characters (switchboard.inbox.max-record-chars)" + " — an unclosed quote?");
        }
    }

    /**
     * Counts the characters since the last record boundary: a line break, for CSV one outside quotes (an even number
     * of '"' seen: an escaped quote "" counts twice). Throws once a record passes the limit.
     */
    public Reader bound(Reader in, boolean csv) {
        return new FilterReader(in) {
            private long sinceBoundary;
            private boolean quoted;
            private long line = 1;
            private long recordLine = 1;

            @Override
            public int read() throws IOException {
                int c = super.read();
                if (c >= 0) {
                    see((char) c);
                }
                return c;
            }

            @Override
            public int read(char[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                for (int i = offset; i < offset + Math.max(n, 0); i++) {
                    see(buffer[i]);
                }
                return n;
            }

            private void see(char c) throws RecordTooLongException {
                if (csv && c == '"') {
                    quoted = !quoted;
                }
                if (c == '\n') {
                    line++;
                    if (!quoted) {
                        sinceBoundary = 0;
                        recordLine = line;
                        return;
                    }
                }
                if (++sinceBoundary > maxRecordChars) {
                    throw new RecordTooLongException(recordLine, maxRecordChars);
                }
            }
        };
    }
}
