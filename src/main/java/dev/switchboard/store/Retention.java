package dev.switchboard.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Personal data expires (issue 17): after the retention period, message bodies, template variables, media links and
 * call scripts are erased and recipients' numbers masked ({@code +1415•••0100}); inbound texts likewise, with their
 * senders; Verify recipients masked; kept callbacks emptied; recording transcriptions erased. Ids, statuses, error
 * codes, counts and the whole history stay. Consent (who said STOP) is never erased: it is what keeps them from being
 * texted again.
 *
 * <p>Each batch of {@code batch} rows is one short transaction over a primary-key range, so no lock is held for
 * long; a cursor per table ({@code retention_cursor}) makes a run start where the last one ended. A message still
 * waiting in the outbox is left until it has left it.
 */
public final class Retention {

    /** What one run erased, and the longest a batch held its locks. */
    public record Result(long messages, long inbound, long verifications, long other, int batches, Duration longestBatch) {
    }

    /** Keeps the first 5 characters and the last 4: enough to recognize a country and a number, not to dial it. */
    private static String mask(String column) {
        return "CONCAT(LEFT(" + column + ", 5), '\u2022\u2022\u2022', RIGHT(" + column + ", 4))";
    }

    private final DataSource ds;
    private final Clock clock;
    private final Duration keep;
    private final int batch;

    public Retention(DataSource ds, Clock clock, Duration keep, int batch) {
        this.ds = ds;
        this.clock = clock;
        this.keep = keep;
        this.batch = batch;
    }

    public Result run() {
        Instant cutoff = clock.instant().minus(keep);
        Tally tally = new Tally();
        long messages = messages(cutoff, tally);
        long inbound = byIdentity("inbound_message", "received_at", "body = NULL, from_number = " + mask("from_number"),
                cutoff, tally);
        long verifications = byIdentity("verification_attempt", "occurred_at", "recipient = " + mask("recipient"),
                cutoff, tally);
        long other = Jdbc.inTransaction(ds, c -> update(c, "UPDATE callback_orphan SET params = '{}'"
                        + " WHERE received_at < ? AND params <> '{}'", cutoff)
                + update(c, "UPDATE call_recording SET transcription = NULL WHERE created_at < ?"
                        + " AND transcription IS NOT NULL", cutoff)
                + update(c, "DELETE FROM conversation WHERE last_inbound_at < ?", cutoff));
        return new Result(messages, inbound, verifications, other, tally.batches, tally.longest);
    }

    /** Messages by id (ids sort by creation time): the range older than the cutoff, a batch at a time. */
    private long messages(Instant cutoff, Tally tally) {
        String below = Ids.lowestIdAt(cutoff.toEpochMilli());
        String cursor = cursor("message").orElse("");
        boolean contiguous = true;
        long erased = 0;
        while (true) {
            String from = cursor;
            List<String[]> rows = Jdbc.read(ds, c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT id, CASE WHEN next_attempt_at IS NULL THEN 'n'"
                        + " ELSE 'w' END FROM message WHERE id > ? AND id < ? ORDER BY id LIMIT ?")) {
                    ps.setString(1, from);
                    ps.setString(2, below);
                    ps.setInt(3, batch);
                    List<String[]> found = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            found.add(new String[] {rs.getString(1), rs.getString(2)});
                        }
                    }
                    return found;
                }
            });
            if (rows.isEmpty()) {
                return erased;
            }
            String first = rows.get(0)[0];
            String last = rows.get(rows.size() - 1)[0];
            // A message still waiting to be sent keeps its body; the stored cursor stops before it, so a later run
            // comes back for it.
            contiguous &= rows.stream().noneMatch(r -> "w".equals(r[1]));
            boolean advance = contiguous;
            long started = System.nanoTime();
            erased += Jdbc.inTransaction(ds, c -> {
                int n;
                try (PreparedStatement ps = c.prepareStatement("UPDATE message SET body = NULL, content_variables = NULL,"
                        + " media_urls = NULL, voice = NULL, to_number = " + mask("to_number")
                        + " WHERE id >= ? AND id <= ? AND next_attempt_at IS NULL AND (body IS NOT NULL"
                        + " OR content_variables IS NOT NULL OR media_urls IS NOT NULL OR voice IS NOT NULL"
                        + " OR to_number NOT LIKE '%\u2022%')")) {
                    ps.setString(1, first);
                    ps.setString(2, last);
                    n = ps.executeUpdate();
                }
                if (advance) {
                    saveCursor(c, "message", last);
                }
                return n;
            });
            tally.batch(System.nanoTime() - started);
            cursor = last;
        }
    }

    /** A table with an identity key and a time column: the rows older than the cutoff, a batch at a time. */
    private long byIdentity(String table, String timeColumn, String set, Instant cutoff, Tally tally) {
        long cursor = cursor(table).map(Long::parseLong).orElse(0L);
        long erased = 0;
        while (true) {
            long from = cursor;
            List<Long> ids = Jdbc.read(ds, c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + table + " WHERE id > ? AND "
                        + timeColumn + " < ? ORDER BY id LIMIT ?")) {
                    ps.setLong(1, from);
                    Jdbc.setTime(ps, 2, cutoff);
                    ps.setInt(3, batch);
                    List<Long> found = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            found.add(rs.getLong(1));
                        }
                    }
                    return found;
                }
            });
            if (ids.isEmpty()) {
                return erased;
            }
            long first = ids.get(0);
            long last = ids.get(ids.size() - 1);
            long started = System.nanoTime();
            erased += Jdbc.inTransaction(ds, c -> {
                int n;
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET " + set
                        + " WHERE id >= ? AND id <= ? AND " + timeColumn + " < ?")) {
                    ps.setLong(1, first);
                    ps.setLong(2, last);
                    Jdbc.setTime(ps, 3, cutoff);
                    n = ps.executeUpdate();
                }
                saveCursor(c, table, String.valueOf(last));
                return n;
            });
            tally.batch(System.nanoTime() - started);
            cursor = last;
        }
    }

    private Optional<String> cursor(String name) {
        return Jdbc.read(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT last_id FROM retention_cursor WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    private static void saveCursor(Connection c, String name, String lastId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE retention_cursor SET last_id = ? WHERE name = ?")) {
            ps.setString(1, lastId);
            ps.setString(2, name);
            if (ps.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO retention_cursor (name, last_id) VALUES (?, ?)")) {
            ps.setString(1, name);
            ps.setString(2, lastId);
            ps.executeUpdate();
        }
    }

    private static int update(Connection c, String sql, Instant cutoff) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.setTime(ps, 1, cutoff);
            return ps.executeUpdate();
        }
    }

    private static final class Tally {
        int batches;
        Duration longest = Duration.ZERO;

        void batch(long nanos) {
            batches++;
            if (nanos > longest.toNanos()) {
                longest = Duration.ofNanos(nanos);
            }
        }
    }
}
