package dev.switchboard.store;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Writes a batch of new messages and their first events with PostgreSQL's {@code COPY … FROM STDIN}
 * (text format) instead of INSERT batches: the same rows, constraints and indexes, in the
 * caller's transaction, for about half the database and driver work per row (see bench/files/README.md).
 * A unique violation fails the whole COPY, exactly like a failed INSERT batch.
 */
final class CopyRows {

    static final String MESSAGE_COPY = "COPY message (id, channel, to_number, from_number, body, tags, segments,"
            + " encoding, status, source, idempotency_key, fingerprint, attempts, send_at, next_attempt_at, created_at,"
            + " updated_at, reason, priority, content_sid, content_variables, media_urls, fallback, smart_encoded,"
            + " voice, call_retries_left) FROM STDIN";
    static final String EVENT_COPY = "COPY message_event (message_id, status, source, applied, error_code, detail,"
            + " dedupe_key, occurred_at) FROM STDIN";

    private CopyRows() {
    }

    /** True when the connection (through the pool's wrapper) is pgjdbc's, which offers COPY. */
    static boolean available(Connection c) throws SQLException {
        return c.isWrapperFor(PGConnection.class);
    }

    static void writeAll(Connection c, List<NewMessage> rows, Instant now) throws SQLException {
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        String at = timestamp(new StringBuilder(32), now).toString();
        StringBuilder text = new StringBuilder(rows.size() * 320);
        for (NewMessage m : rows) {
            messageLine(text, m, at);
        }
        copy(copy, MESSAGE_COPY, text);
        text.setLength(0);
        for (NewMessage m : rows) {
            field(text, m.id()).append('\t');
            field(text, m.status()).append('\t');
            field(text, m.source()).append("\tt\t\\N\t");
            field(text, Events.truncate(m.reason(), 1024)).append("\t\\N\t").append(at).append('\n');
        }
        copy(copy, EVENT_COPY, text);
    }

    private static void messageLine(StringBuilder t, NewMessage m, String now) {
        field(t, m.id()).append('\t');
        field(t, m.channel()).append('\t');
        field(t, m.to()).append('\t');
        field(t, m.from()).append('\t');
        field(t, m.body()).append('\t');
        field(t, m.tagsJson()).append('\t');
        t.append(m.segments()).append('\t');
        field(t, m.encoding()).append('\t');
        field(t, m.status()).append('\t');
        field(t, m.source()).append('\t');
        field(t, m.idempotencyKey()).append('\t');
        field(t, m.fingerprint()).append("\t0\t");
        time(t, m.sendAt()).append('\t');
        time(t, m.dueAt()).append('\t');
        t.append(now).append('\t').append(now).append('\t');
        field(t, m.reason()).append('\t');
        field(t, m.priority()).append('\t');
        field(t, m.contentSid()).append('\t');
        field(t, m.contentVariablesJson()).append('\t');
        field(t, m.mediaUrlsJson()).append('\t');
        field(t, m.fallback()).append('\t');
        t.append(m.smartEncoded() ? 't' : 'f').append('\t');
        field(t, m.voiceJson()).append('\t');
        t.append(m.callRetries() == null ? "\\N" : m.callRetries().toString()).append('\n');
    }

    private static StringBuilder time(StringBuilder t, Instant at) {
        return at == null ? t.append("\\N") : timestamp(t, at);
    }

    /**
     * {@code 2026-11-24 17:05:09.123456+00}: PostgreSQL's own text form, microseconds (its precision,
     * truncated). Instant.toString() through DateTimeFormatter cost more than the rest of the row.
     */
    static StringBuilder timestamp(StringBuilder t, Instant at) {
        LocalDateTime utc = LocalDateTime.ofEpochSecond(at.getEpochSecond(), 0, ZoneOffset.UTC);
        int year = utc.getYear();
        if (year < 1 || year > 9999) {
            return t.append(at); // ISO form, which PostgreSQL reads too; never reached by validated requests
        }
        pad(t, year, 4).append('-');
        pad(t, utc.getMonthValue(), 2).append('-');
        pad(t, utc.getDayOfMonth(), 2).append(' ');
        pad(t, utc.getHour(), 2).append(':');
        pad(t, utc.getMinute(), 2).append(':');
        pad(t, utc.getSecond(), 2).append('.');
        return pad(t, at.getNano() / 1000, 6).append("+00");
    }

    private static StringBuilder pad(StringBuilder t, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            t.append('0');
        }
        return t.append(digits);
    }

    /** A text-format field: {@code \N} for null; backslash, tab, newline and carriage return escaped. */
    static StringBuilder field(StringBuilder t, String value) {
        if (value == null) {
            return t.append("\\N");
        }
        // The usual case, nothing to escape: String.indexOf is a vectorised intrinsic, then one bulk copy.
        if (value.indexOf('\\') < 0 && value.indexOf('\t') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return t.append(value);
        }
        for (int i = 0, n = value.length(); i < n; i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> t.append("\\\\");
                case '\t' -> t.append("\\t");
                case '\n' -> t.append("\\n");
                case '\r' -> t.append("\\r");
                default -> t.append(ch);
            }
        }
        return t;
    }

    private static void copy(CopyManager copy, String sql, StringBuilder text) throws SQLException {
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        try {
            copy.copyIn(sql, new ByteArrayInputStream(bytes), 1 << 16);
        } catch (IOException e) {
            throw new SQLException("COPY of " + bytes.length + " bytes failed", e);
        }
    }
}
