package dev.switchboard.file;

import dev.switchboard.domain.Priority;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.util.HexFormat;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The rows of an inspected file, read and mapped one at a time (the second pass), so a file of any size
 * goes through in bounded memory. Rows are numbered from 1 exactly as on every earlier pass over the same
 * bytes, so their derived idempotency keys never change.
 */
abstract class RowSource implements Iterator<Row>, Closeable {

    private static final int BUFFER = 1 << 16;

    private DigestInputStream bytes;
    private String expectedHash;

    /**
     * Reads the handle the inspection read (never the name again). A file whose size changed since is refused before
     * any row is read: {@link UnreadableFileException}.
     */
    static RowSource open(Inspection file, Clock clock, Priority defaultPriority) throws IOException {
        InboxFile handle = file.handle();
        if (handle.currentSize() != file.size()) {
            throw new UnreadableFileException("the file changed after it was inspected (" + file.size() + " bytes then, "
                    + handle.currentSize() + " now): nothing of it was sent");
        }
        DigestInputStream bytes = new DigestInputStream(new BufferedInputStream(handle.fromStart(), BUFFER),
                Inspector.sha256());
        Reader text = Utf8Text.open(bytes);
        RowSource source = file.format() == FileFormat.CSV ? new Csv(file.contentHash(), text, clock, defaultPriority)
                : new Jsonl(file.contentHash(), text, clock, defaultPriority);
        source.bytes = bytes;
        source.expectedHash = file.contentHash();
        return source;
    }

    /**
     * Once every row is read: whether the bytes read were those inspected (same SHA-256). A file rewritten in place
     * during its import fails here, with {@link UnreadableFileException}.
     */
    void verifyUnchanged() throws IOException {
        bytes.transferTo(OutputStream.nullOutputStream());
        String read = HexFormat.of().formatHex(bytes.getMessageDigest().digest());
        if (!read.equals(expectedHash)) {
            throw new UnreadableFileException("the file changed while it was imported (SHA-256 " + read
                    + ", inspected " + expectedHash + "): the rows read before the change were sent; compare with"
                    + " the import's counts");
        }
    }

    /** The header columns for the errors file. */
    abstract List<String> columns();

    private static final class Csv extends RowSource {
        private final String hash;
        private final CSVParser parser;
        private final Iterator<CSVRecord> records;
        private final CsvRowMapping mapping;
        private long number;

        Csv(String hash, Reader text, Clock clock, Priority defaultPriority) throws IOException {
            this.hash = hash;
            this.parser = CsvFiles.parse(text);
            this.mapping = new CsvRowMapping(parser.getHeaderNames(), clock, defaultPriority);
            this.records = parser.iterator();
        }

        @Override
        List<String> columns() {
            return mapping.names();
        }

        @Override
        public boolean hasNext() {
            return records.hasNext();
        }

        @Override
        public Row next() {
            CSVRecord record = records.next();
            number++;
            return mapping.map(number, record.toList(), IdempotencyKeys.derived(hash, number));
        }

        @Override
        public void close() throws IOException {
            parser.close();
        }
    }

    private static final class Jsonl extends RowSource {
        private final String hash;
        private final BufferedReader lines;
        private final JsonlRowMapping mapping;
        private long lineNumber;
        private String line;
        private long number;

        Jsonl(String hash, Reader text, Clock clock, Priority defaultPriority) {
            this.hash = hash;
            this.lines = new BufferedReader(text, BUFFER);
            this.mapping = new JsonlRowMapping(clock, defaultPriority);
        }

        @Override
        List<String> columns() {
            return List.of("line");
        }

        @Override
        public boolean hasNext() {
            try {
                while (line == null) {
                    String next = lines.readLine();
                    if (next == null) {
                        return false;
                    }
                    lineNumber++;
                    if (!next.isBlank()) {
                        line = next;
                        number = lineNumber;
                    }
                }
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            String current = line;
            line = null;
            // A JSONL row's number is its line number: blank lines are skipped but still counted.
            return mapping.map(number, current, IdempotencyKeys.derived(hash, number));
        }

        @Override
        public void close() throws IOException {
            lines.close();
        }
    }
}
