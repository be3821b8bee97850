package dev.switchboard.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Writes accepted requests to the outbox and reads messages with their history. */
public final class MessageStore {

    static final String COLUMNS = "id, channel, to_number, from_number, body, tags, segments, encoding, status, reason,"
            + " source, idempotency_key, fingerprint, twilio_sid, error_code, error_message, attempts, send_at,"
            + " next_attempt_at, created_at, updated_at, priority, content_sid, content_variables, media_urls, fallback,"
            + " smart_encoded, sent_channel, voice";

    private final DataSource ds;
    private final Clock clock;
    private final WriteLimits limits;

    public MessageStore(DataSource ds, Clock clock) {
        this(ds, clock, WriteLimits.NONE);
    }

    /** @param limits checked and counted in each writing transaction; a message they refuse is not written */
    public MessageStore(DataSource ds, Clock clock, WriteLimits limits) {
        this.ds = ds;
        this.clock = clock;
        this.limits = limits;
    }

    /**
     * Result of an insert: the row written, the earlier row holding the same idempotency key ({@code existing}), or
     * nothing, {@code refused} by a limit.
     */
    public record Inserted(StoredMessage message, boolean existing, Refusal refused) {

        public Inserted(StoredMessage message, boolean existing) {
            this(message, existing, null);
        }

        static Inserted refusedBy(Refusal refusal) {
            return new Inserted(null, false, refusal);
        }
    }

    /**
     * Commits the message and its first event in one transaction. When the idempotency key is taken,
     * nothing is written and the earlier message is returned instead.
     */
    public Inserted insert(NewMessage m) {
        if (m.idempotencyKey() != null) {
            Optional<StoredMessage> earlier = findByIdempotencyKey(m.idempotencyKey());
            if (earlier.isPresent()) {
                return new Inserted(earlier.get(), true);
            }
        }
        limits.prepare(List.of(m));
        try {
            return Jdbc.inTransaction(ds, c -> {
                Refusal refusal = limits.admit(c, List.of(m), clock.instant())[0];
                return refusal != null ? Inserted.refusedBy(refusal) : new Inserted(write(c, m), false);
            });
        } catch (StoreException e) {
            // Two submitters raced with one key: the loser answers with the winner's row.
            if (m.idempotencyKey() != null && Jdbc.isUniqueViolation(e)) {
                return new Inserted(findByIdempotencyKey(m.idempotencyKey()).orElseThrow(() -> e), true);
            }
            throw e;
        }
    }

    private StoredMessage write(Connection c, NewMessage m) throws SQLException {
        Instant now = clock.instant();
        try (PreparedStatement ps = c.prepareStatement(MessageRows.INSERT)) {
            MessageRows.bind(ps, m, now);
            ps.executeUpdate();
        }
        Events.insert(c, m.id(), m.status(), m.source(), true, null, m.reason(), null, now);
        return MessageRows.stored(m, now);
    }

    /**
     * Commits many messages and their first events in one transaction, as JDBC batches. A message whose
     * idempotency key is already taken (by an earlier row, or an earlier message of this batch) is not
     * written: its entry is the holder, {@code existing}. If a concurrent writer takes a key meanwhile, the
     * batch is rolled back and written row by row with {@link #insert}. A message the limits refuse is not
     * written: its entry is {@code refused}. Answers in the order given.
     */
    public List<Inserted> insertBatch(List<NewMessage> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        Map<String, StoredMessage> holders = new HashMap<>(existingByKey(batch));
        List<Inserted> answers = new ArrayList<>(batch.size());
        List<NewMessage> fresh = new ArrayList<>(batch.size());
        for (NewMessage m : batch) {
            StoredMessage holder = m.idempotencyKey() == null ? null : holders.get(m.idempotencyKey());
            if (holder != null) {
                answers.add(new Inserted(holder, true));
                continue;
            }
            StoredMessage written = MessageRows.stored(m, now);
            if (m.idempotencyKey() != null) {
                holders.put(m.idempotencyKey(), written);
            }
            answers.add(new Inserted(written, false));
            fresh.add(m);
        }
        limits.prepare(fresh);
        try {
            return Jdbc.inTransaction(ds, c -> {
                Refusal[] refusals = limits.admit(c, fresh, now);
                List<NewMessage> admitted = new ArrayList<>(fresh.size());
                List<Inserted> answered = new ArrayList<>(answers.size());
                Map<String, Refusal> refusedIds = new HashMap<>();
                int f = 0;
                for (Inserted a : answers) {
                    if (a.existing()) {
                        // A later copy of a refused row of this batch is refused with it, not a replay of nothing.
                        Refusal withHolder = refusedIds.get(a.message().id());
                        answered.add(withHolder == null ? a : Inserted.refusedBy(withHolder));
                        continue;
                    }
                    Refusal refusal = refusals[f];
                    if (refusal == null) {
                        admitted.add(fresh.get(f));
                        answered.add(a);
                    } else {
                        refusedIds.put(a.message().id(), refusal);
                        answered.add(Inserted.refusedBy(refusal));
                    }
                    f++;
                }
                MessageRows.writeAll(c, admitted, now);
                return answered;
            });
        } catch (StoreException e) {
            if (!uniqueViolation(e)) {
                throw e;
            }
            // Another writer took one of these keys since we looked: let the single path sort out each row.
            return batch.stream().map(this::insert).toList();
        }
    }

    private Map<String, StoredMessage> existingByKey(List<NewMessage> batch) {
        String[] keys = batch.stream().map(NewMessage::idempotencyKey).filter(Objects::nonNull).distinct()
                .toArray(String[]::new);
        if (keys.length == 0) {
            return Map.of();
        }
        return Jdbc.read(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM message WHERE idempotency_key = ANY (?)")) {
                ps.setArray(1, c.createArrayOf("varchar", keys));
                Map<String, StoredMessage> found = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        StoredMessage m = map(rs);
                        found.put(m.idempotencyKey(), m);
                    }
                }
                return found;
            }
        });
    }

    // A batch reports the failing entry through getNextException rather than getCause.
    private static boolean uniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            for (SQLException next = t instanceof SQLException sql ? sql : null; next != null;
                 next = next.getNextException()) {
                if (Jdbc.UNIQUE_VIOLATION.equals(next.getSQLState())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Cancels a message that has not gone to Twilio: see {@link MessageCancel#cancel}. */
    public MessageCancel.Result cancel(String id) {
        return MessageCancel.cancel(ds, clock, id);
    }

    public Optional<StoredMessage> find(String id) {
        return Jdbc.read(ds, c -> findOne(c, "SELECT " + COLUMNS + " FROM message WHERE id = ?", id));
    }

    public Optional<StoredMessage> findByIdempotencyKey(String key) {
        return Jdbc.read(ds, c -> findOne(c, "SELECT " + COLUMNS + " FROM message WHERE idempotency_key = ?", key));
    }

    public List<StoredEvent> events(String messageId) {
        return Jdbc.read(ds, c -> Events.list(c, messageId));
    }

    /** Filters for {@link #list}; null fields do not filter. */
    public record Query(String to, String status, String channel, String before, int limit) {
    }

    /** Newest first; {@code before} is the cursor (the last id of the previous page). */
    public List<StoredMessage> list(Query q) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM message WHERE 1 = 1");
        List<String> args = new ArrayList<>();
        condition(sql, args, " AND to_number = ?", q.to());
        condition(sql, args, " AND status = ?", q.status());
        condition(sql, args, " AND channel = ?", q.channel());
        condition(sql, args, " AND id < ?", q.before());
        sql.append(" ORDER BY id DESC LIMIT ").append(Math.max(1, q.limit()));
        return Jdbc.read(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setString(i + 1, args.get(i));
                }
                List<StoredMessage> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(map(rs));
                    }
                }
                return rows;
            }
        });
    }

    private static void condition(StringBuilder sql, List<String> args, String clause, String value) {
        if (value != null) {
            sql.append(clause);
            args.add(value);
        }
    }

    static Optional<StoredMessage> findOne(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        }
    }

    static StoredMessage map(ResultSet rs) throws SQLException {
        return new StoredMessage(rs.getString("id"), rs.getString("channel"), rs.getString("to_number"),
                rs.getString("from_number"), rs.getString("body"), rs.getString("tags"), rs.getInt("segments"),
                rs.getString("encoding"), rs.getString("status"), rs.getString("reason"), rs.getString("source"),
                rs.getString("idempotency_key"), rs.getString("fingerprint"), rs.getString("twilio_sid"),
                Jdbc.getInteger(rs, "error_code"), rs.getString("error_message"), rs.getInt("attempts"),
                Jdbc.getTime(rs, "send_at"), Jdbc.getTime(rs, "next_attempt_at"), Jdbc.getTime(rs, "created_at"),
                Jdbc.getTime(rs, "updated_at"), rs.getString("priority"), rs.getString("content_sid"),
                rs.getString("content_variables"), rs.getString("media_urls"), rs.getString("fallback"),
                rs.getBoolean("smart_encoded"), rs.getString("sent_channel"), rs.getString("voice"));
    }
}
