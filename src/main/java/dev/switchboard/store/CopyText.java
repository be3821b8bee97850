package dev.switchboard.store;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * PostgreSQL's COPY text format, written straight into UTF-8 bytes.
 *
 * <p>A {@code StringBuilder} was the file import's largest single JVM cost (11 % of its samples): appending
 * widened every field char by char, and the batch was then copied twice more ({@code toString},
 * {@code getBytes}). Here each field is escaped and encoded in one pass straight into the batch's bytes.
 */
final class CopyText {

    private byte[] buf;
    private int len;

    CopyText(int capacity) {
        buf = new byte[Math.max(capacity, 64)];
    }

    /**
     * A text-format field: {@code \N} for null; backslash, tab, newline and carriage return escaped; the rest
     * encoded as UTF-8 in the same pass (no byte array per field: {@code getBytes} was 12 % of the import's
     * samples, in allocation and copying). A lone surrogate becomes {@code ?}, as {@code getBytes} does.
     */
    CopyText field(String value) {
        if (value == null) {
            return ascii("\\N");
        }
        int n = value.length();
        if (plain(value, n)) {
            ensure(n);
            value.getBytes(0, n, buf, len);
            len += n;
            return this;
        }
        ensure(n * 3);
        byte[] b = buf;
        int at = len;
        for (int i = 0; i < n; i++) {
            char ch = value.charAt(i);
            if (ch < 0x80) {
                switch (ch) {
                    case '\\' -> { b[at++] = '\\'; b[at++] = '\\'; }
                    case '\t' -> { b[at++] = '\\'; b[at++] = 't'; }
                    case '\n' -> { b[at++] = '\\'; b[at++] = 'n'; }
                    case '\r' -> { b[at++] = '\\'; b[at++] = 'r'; }
                    default -> b[at++] = (byte) ch;
                }
            } else if (ch < 0x800) {
                b[at++] = (byte) (0xC0 | ch >> 6);
                b[at++] = (byte) (0x80 | ch & 0x3F);
            } else if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                int cp = Character.toCodePoint(ch, value.charAt(++i));
                b[at++] = (byte) (0xF0 | cp >> 18);
                b[at++] = (byte) (0x80 | cp >> 12 & 0x3F);
                b[at++] = (byte) (0x80 | cp >> 6 & 0x3F);
                b[at++] = (byte) (0x80 | cp & 0x3F);
            } else if (Character.isSurrogate(ch)) {
                b[at++] = '?';
            } else {
                b[at++] = (byte) (0xE0 | ch >> 12);
                b[at++] = (byte) (0x80 | ch >> 6 & 0x3F);
                b[at++] = (byte) (0x80 | ch & 0x3F);
            }
        }
        len = at;
        return this;
    }

    /**
     * Printable ASCII without a backslash, as most fields are (ids, numbers, keys, most bodies): copied as is
     * with the JDK's bulk char-to-byte copy. The per-character escaping loop below was the file import's largest
     * JVM cost (23 % of its samples); see bench/files/README.md for the import before and after.
     */
    private static boolean plain(String value, int n) {
        for (int i = 0; i < n; i++) {
            char ch = value.charAt(i);
            if (ch < 0x20 || ch >= 0x80 || ch == '\\') {
                return false;
            }
        }
        return true;
    }

    /** Text known to be ASCII and free of the escaped characters (separators, constants, numbers). */
    CopyText ascii(String text) {
        int n = text.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) text.charAt(i);
        }
        return this;
    }

    CopyText ascii(char ch) {
        ensure(1);
        buf[len++] = (byte) ch;
        return this;
    }

    CopyText number(long value) {
        return ascii(Long.toString(value));
    }

    /** {@code \N} for null, else {@link #timestamp}. */
    CopyText time(Instant at) {
        return at == null ? ascii("\\N") : timestamp(at);
    }

    /**
     * {@code 2026-11-24 17:05:09.123456+00}: PostgreSQL's own text form, microseconds (its precision,
     * truncated). Instant.toString() through DateTimeFormatter cost more than the rest of the row.
     */
    CopyText timestamp(Instant at) {
        LocalDateTime utc = LocalDateTime.ofEpochSecond(at.getEpochSecond(), 0, ZoneOffset.UTC);
        int year = utc.getYear();
        if (year < 1 || year > 9999) {
            return ascii(at.toString()); // ISO form, which PostgreSQL reads too; never reached by validated requests
        }
        ensure(29);
        digits(year, 4).put('-');
        digits(utc.getMonthValue(), 2).put('-');
        digits(utc.getDayOfMonth(), 2).put(' ');
        digits(utc.getHour(), 2).put(':');
        digits(utc.getMinute(), 2).put(':');
        digits(utc.getSecond(), 2).put('.');
        digits(at.getNano() / 1000, 6);
        return put('+', '0').put('0');
    }

    private CopyText digits(int value, int width) {
        for (int i = width - 1; i >= 0; i--) {
            buf[len + i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        len += width;
        return this;
    }

    private CopyText put(char a) {
        buf[len++] = (byte) a;
        return this;
    }

    private CopyText put(char a, char b) {
        buf[len++] = (byte) a;
        buf[len++] = (byte) b;
        return this;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }

    void clear() {
        len = 0;
    }

    int length() {
        return len;
    }

    /** The bytes written so far, without copying them. */
    InputStream stream() {
        return new ByteArrayInputStream(buf, 0, len);
    }

    @Override
    public String toString() {
        return new String(buf, 0, len, StandardCharsets.UTF_8);
    }
}
