package dev.switchboard.file;

import org.apache.commons.csv.CSVPrinter;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code failed/<file>.errors.csv}: every refused row with its number, error code and reason, then its
 * cells as read. Created on the first refused row. Every cell is neutralised so a spreadsheet opening the
 * file never runs one as a formula.
 */
final class ErrorsFile implements Closeable {

    private final Path path;
    private final List<String> columns;
    private CSVPrinter printer;
    private long rows;

    ErrorsFile(Path path, List<String> columns) {
        this.path = path;
        this.columns = columns;
    }

    Path path() {
        return path;
    }

    long rows() {
        return rows;
    }

    void add(long rowNumber, String code, String reason, List<String> cells) throws IOException {
        if (printer == null) {
            Files.createDirectories(path.getParent());
            BufferedWriter out = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
            printer = new CSVPrinter(out, CsvFiles.WRITE);
            List<String> header = new ArrayList<>(List.of("row", "error_code", "error_reason"));
            header.addAll(columns);
            printer.printRecord(header.stream().map(ErrorsFile::neutralise).toList());
        }
        List<String> record = new ArrayList<>(cells.size() + 3);
        record.add(Long.toString(rowNumber));
        record.add(code);
        record.add(reason);
        record.addAll(cells);
        printer.printRecord(record.stream().map(ErrorsFile::neutralise).toList());
        rows++;
    }

    /**
     * A cell a spreadsheet would take for a formula (starting with {@code = + - @}, or tab or carriage
     * return, OWASP's list) gets a leading apostrophe, so it shows as text.
     */
    static String neutralise(String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell;
        }
        char first = cell.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + cell : cell;
    }

    @Override
    public void close() throws IOException {
        if (printer != null) {
            printer.close(true);
        }
    }
}
