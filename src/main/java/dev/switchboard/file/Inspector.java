package dev.switchboard.file;

import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The first, streaming pass over a dropped file, before any row is sent: hashes its bytes, checks that it
 * is UTF-8 text and (for CSV) well-formed with a usable header, and counts its rows. A file that fails
 * here is refused whole, so a file is either imported or quarantined, never cut off halfway.
 */
final class Inspector {

    private static final int BUFFER = 1 << 16;

    private Inspector() {
    }

    static Inspection inspect(Path file, String name, Instant takenAt) throws IOException {
        return inspect(file, name, takenAt, InboxLimits.DEFAULTS);
    }

    /** @throws UnreadableFileException saying why the file cannot be imported at all */
    static Inspection inspect(Path file, String name, Instant takenAt, InboxLimits limits) throws IOException {
        FileFormat format = FileFormat.of(name);
        InboxFile handle = limits.open(file, name);
        try {
            MessageDigest sha256 = sha256();
            long rows = read(handle, format, limits, sha256);
            if (handle.currentSize() != handle.size()) {
                throw new UnreadableFileException("the file changed while it was inspected (" + handle.size()
                        + " bytes when opened, " + handle.currentSize() + " now): nothing of it was sent");
            }
            return new Inspection(file, name, format, HexFormat.of().formatHex(sha256.digest()), rows, takenAt, handle,
                    handle.size());
        } catch (IOException | RuntimeException e) {
            handle.close();
            throw e;
        }
    }

    private static long read(InboxFile handle, FileFormat format, InboxLimits limits, MessageDigest sha256)
            throws IOException {
        try (InputStream bytes = new DigestInputStream(new BufferedInputStream(handle.fromStart(), BUFFER), sha256);
             Reader text = limits.bound(Utf8Text.open(bytes), format == FileFormat.CSV)) {
            long rows = format == FileFormat.CSV ? csvRows(text) : jsonlRows(text);
            bytes.transferTo(OutputStream.nullOutputStream()); // whatever a parser left unread still counts in the hash
            return rows;
        } catch (UncheckedIOException e) {
            throw unreadable(e.getCause());
        } catch (CharacterCodingException | Utf8Text.BinaryContentException | InboxLimits.RecordTooLongException e) {
            throw unreadable(e);
        } catch (java.nio.channels.ClosedChannelException e) {
            throw e;
        } catch (IOException e) {
            throw unreadable(e); // a CSV syntax error: the file is open, so it cannot have vanished
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    // The parser is not closed here: that would close the stream before the hash has seen its last bytes.
    private static long csvRows(Reader text) throws IOException {
        CSVParser parser = CsvFiles.parse(text);
        new CsvRowMapping(parser.getHeaderNames(), Clock.systemUTC()); // checks the header
        long rows = 0;
        for (CSVRecord ignored : parser) {
            rows++;
        }
        return rows;
    }

    private static long jsonlRows(Reader text) throws IOException {
        BufferedReader lines = new BufferedReader(text, BUFFER);
        long rows = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (!line.isBlank()) {
                rows++;
            }
        }
        return rows;
    }

    private static UnreadableFileException unreadable(IOException e) {
        if (e instanceof Utf8Text.BinaryContentException) {
            return new UnreadableFileException("the file is binary, not text: it contains NUL bytes", e);
        }
        if (e instanceof InboxLimits.RecordTooLongException) {
            return new UnreadableFileException("the file has a record too long to be a message: " + e.getMessage(), e);
        }
        if (e instanceof CharacterCodingException) {
            return new UnreadableFileException("the file is not UTF-8 text (save it as UTF-8, with or without BOM)", e);
        }
        return new UnreadableFileException("the file is not well-formed CSV: " + e.getMessage(), e);
    }
}
