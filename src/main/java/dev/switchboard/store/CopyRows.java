package dev.switchboard.store;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
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
            + " voice, call_retries_left, status_callback) FROM STDIN";
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
        String at = new CopyText(32).timestamp(now).toString();
        CopyText text = new CopyText(rows.size() * 320);
        for (NewMessage m : rows) {
            messageLine(text, m, at);
        }
        copy(copy, MESSAGE_COPY, text);
        text.clear();
        for (NewMessage m : rows) {
            text.field(m.id()).ascii('\t');
            text.field(m.status()).ascii('\t');
            text.field(m.source()).ascii("\tt\t\\N\t");
            text.field(Events.truncate(m.reason(), 1024)).ascii("\t\\N\t").ascii(at).ascii('\n');
        }
        copy(copy, EVENT_COPY, text);
    }

    private static void messageLine(CopyText t, NewMessage m, String now) {
        t.field(m.id()).ascii('\t');
        t.field(m.channel()).ascii('\t');
        t.field(m.to()).ascii('\t');
        t.field(m.from()).ascii('\t');
        t.field(m.body()).ascii('\t');
        t.field(m.tagsJson()).ascii('\t');
        t.number(m.segments()).ascii('\t');
        t.field(m.encoding()).ascii('\t');
        t.field(m.status()).ascii('\t');
        t.field(m.source()).ascii('\t');
        t.field(m.idempotencyKey()).ascii('\t');
        t.field(m.fingerprint()).ascii("\t0\t");
        t.time(m.sendAt()).ascii('\t');
        t.time(m.dueAt()).ascii('\t');
        t.ascii(now).ascii('\t').ascii(now).ascii('\t');
        t.field(m.reason()).ascii('\t');
        t.field(m.priority()).ascii('\t');
        t.field(m.contentSid()).ascii('\t');
        t.field(m.contentVariablesJson()).ascii('\t');
        t.field(m.mediaUrlsJson()).ascii('\t');
        t.field(m.fallback()).ascii('\t');
        t.ascii(m.smartEncoded() ? 't' : 'f').ascii('\t');
        t.field(m.voiceJson()).ascii('\t');
        (m.callRetries() == null ? t.ascii("\\N") : t.number(m.callRetries())).ascii('\t');
        t.field(m.statusCallback()).ascii('\n');
    }

    private static void copy(CopyManager copy, String sql, CopyText text) throws SQLException {
        try {
            copy.copyIn(sql, text.stream(), 1 << 16);
        } catch (IOException e) {
            throw new SQLException("COPY of " + text.length() + " bytes failed", e);
        }
    }
}
