package dev.switchboard.file;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.DuplicateHeaderMode;

import java.io.IOException;
import java.io.Reader;

/** The one CSV dialect the inbox reads (RFC 4180 with a header row; LF or CRLF) and writes its errors files in. */
final class CsvFiles {

    static final CSVFormat READ = CSVFormat.RFC4180.builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true)
            .setAllowMissingColumnNames(true)
            .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW)
            .get();

    static final CSVFormat WRITE = CSVFormat.RFC4180;

    private CsvFiles() {
    }

    /** @throws UnreadableFileException when there is no header (an empty file) or it names a column twice */
    static CSVParser parse(Reader text) throws IOException {
        CSVParser parser;
        try {
            parser = READ.parse(text);
        } catch (IllegalArgumentException duplicate) {
            text.close();
            String message = String.valueOf(duplicate.getMessage());
            int details = message.indexOf(" in [");
            throw new UnreadableFileException("the header cannot be read: "
                    + (details > 0 ? message.substring(0, details) : message), duplicate);
        }
        if (parser.getHeaderNames().isEmpty()) {
            parser.close();
            throw new UnreadableFileException(
                    "the file is empty: the first line must be a header naming the columns (to, body, ...)");
        }
        return parser;
    }
}
