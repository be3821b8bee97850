package dev.switchboard.file;

import dev.switchboard.store.StoreException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code file_import} table: one row per file taken from the inbox, with its counts as it goes. */
public final class ImportStore {

    private static final String COLUMNS = "id, name, content_hash, format, status, total_rows, row_count, accepted,"
            + " rejected, duplicates, reason, attempts, started_at, updated_at, finished_at";

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource ds;
    private final Clock clock;

    public ImportStore(DataSource ds, Clock clock) {
        this.ds = ds;
        this.clock = clock;
    }

    /** Fails fast with a {@link StoreException} while the database is unreachable. */
    public void ping() {
        run(c -> c.isValid(2));
    }

    /**
     * Starts an import (taken from the inbox at {@code startedAt}) and returns its id. A retry of the same
     * file and content still marked processing (after a database outage or a crash) continues that row,
     * with its counts reset and its first start kept.
     */
    public long begin(String name, String hash, String format, long totalRows, Instant startedAt) {
        Instant now = clock.instant();
        return run(c -> {
            Long unfinished = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(id) FROM file_import"
                    + " WHERE name = ? AND content_hash = ? AND status = ?")) {
                ps.setString(1, name);
                ps.setString(2, hash);
                ps.setString(3, FileImport.PROCESSING);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        long id = rs.getLong(1);
                        unfinished = rs.wasNull() ? null : id;
                    }
                }
            }
            if (unfinished == null) {
                return insert(c, name, hash, format, FileImport.PROCESSING, totalRows, null, startedAt, null);
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE file_import SET attempts = attempts + 1,"
                    + " total_rows = ?, row_count = 0, accepted = 0, rejected = 0, duplicates = 0, updated_at = ?"
                    + " WHERE id = ?")) {
                ps.setLong(1, totalRows);
                setTime(ps, 2, now);
                ps.setLong(3, unfinished);
                ps.executeUpdate();
            }
            return unfinished;
        });
    }

    /** Records a file that was finished as soon as it was looked at: failed (not readable) or skipped. */
    public long record(String name, String hash, String format, String status, String reason) {
        Instant now = clock.instant();
        return run(c -> insert(c, name, hash, format, status, null, reason, now, now));
    }

    public void progress(long id, ImportCounts counts) {
        update(id, counts, FileImport.PROCESSING, null, null);
    }

    public void finish(long id, ImportCounts counts, String status, String reason) {
        update(id, counts, status, reason, clock.instant());
    }

    /** Newest first; {@code beforeId} is the cursor (the last id of the previous page), or null. */
    public List<FileImport> list(Long beforeId, int limit) {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM file_import"
                    + (beforeId == null ? "" : " WHERE id < ?") + " ORDER BY id DESC LIMIT ?")) {
                int i = 1;
                if (beforeId != null) {
                    ps.setLong(i++, beforeId);
                }
                ps.setInt(i, limit);
                return all(ps);
            }
        });
    }

    /** The newest import of a file with this name. */
    public Optional<FileImport> latest(String name) {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM file_import WHERE name = ? ORDER BY id DESC LIMIT 1")) {
                ps.setString(1, name);
                return all(ps).stream().findFirst();
            }
        });
    }

    /** The newest finished import of this content, if any. */
    public Optional<FileImport> latestDone(String hash) {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM file_import"
                    + " WHERE content_hash = ? AND status = ? ORDER BY id DESC LIMIT 1")) {
                ps.setString(1, hash);
                ps.setString(2, FileImport.DONE);
                return all(ps).stream().findFirst();
            }
        });
    }

    private void update(long id, ImportCounts n, String status, String reason, Instant finishedAt) {
        Instant now = clock.instant();
        run(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE file_import SET row_count = ?, accepted = ?,"
                    + " rejected = ?, duplicates = ?, status = ?, reason = ?, updated_at = ?, finished_at = ?"
                    + " WHERE id = ?")) {
                ps.setLong(1, n.rows());
                ps.setLong(2, n.accepted());
                ps.setLong(3, n.rejected());
                ps.setLong(4, n.duplicates());
                ps.setString(5, status);
                ps.setString(6, truncate(reason));
                setTime(ps, 7, now);
                setTime(ps, 8, finishedAt);
                ps.setLong(9, id);
                return ps.executeUpdate();
            }
        });
    }

    private static long insert(Connection c, String name, String hash, String format, String status, Long totalRows,
                               String reason, Instant startedAt, Instant finishedAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO file_import (name, content_hash, format, status,"
                + " total_rows, reason, started_at, updated_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                new String[] {"id"})) {
            ps.setString(1, name);
            ps.setString(2, hash);
            ps.setString(3, format);
            ps.setString(4, status);
            ps.setObject(5, totalRows);
            ps.setString(6, truncate(reason));
            setTime(ps, 7, startedAt);
            setTime(ps, 8, finishedAt == null ? startedAt : finishedAt);
            setTime(ps, 9, finishedAt);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static List<FileImport> all(PreparedStatement ps) throws SQLException {
        List<FileImport> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long total = rs.getLong("total_rows");
                Long totalRows = rs.wasNull() ? null : total;
                rows.add(new FileImport(rs.getLong("id"), rs.getString("name"), rs.getString("content_hash"),
                        rs.getString("format"), rs.getString("status"), totalRows,
                        rs.getLong("row_count"), rs.getLong("accepted"), rs.getLong("rejected"), rs.getLong("duplicates"),
                        rs.getString("reason"), rs.getInt("attempts"), time(rs, "started_at"), time(rs, "updated_at"),
                        time(rs, "finished_at")));
            }
        }
        return rows;
    }

    private <T> T run(Work<T> work) {
        try (Connection c = ds.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private static void setTime(PreparedStatement ps, int index, Instant instant) throws SQLException {
        ps.setObject(index, instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    private static Instant time(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 1024 ? s : s.substring(0, 1024);
    }
}
