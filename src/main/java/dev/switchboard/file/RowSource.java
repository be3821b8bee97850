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
import java.nio.file.Files;
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

    static RowSource open(Inspection file, Clock clock, Priority defaultPriority) throws IOException {
        Reader text = Utf8Text.open(new BufferedInputStream(Files.newInputStream(file.file()), BUFFER));
        return file.format() == FileFormat.CSV ? new Csv(file.contentHash(), text, clock, defaultPriority)
                : new Jsonl(file.contentHash(), text, clock, defaultPriority);
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
