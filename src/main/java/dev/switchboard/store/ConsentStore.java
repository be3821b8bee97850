package dev.switchboard.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** The consent store: current state per recipient and channel, and every change in {@code consent_event}. */
public final class ConsentStore {

    private static final String COLUMNS = "phone, channel, state, source, reason, keyword, sender, updated_at";

    private final DataSource ds;
    private final Clock clock;
    private final Consumer<Consent> committed;

    public ConsentStore(DataSource ds, Clock clock) {
        this(ds, clock, change -> { });
    }

    /** @param committed told of each change once its transaction has committed (metrics) */
    public ConsentStore(DataSource ds, Clock clock, Consumer<Consent> committed) {
        this.ds = ds;
        this.clock = clock;
        this.committed = committed;
    }

    public Optional<Consent> find(String phone, String channel) {
        return Jdbc.read(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM consent WHERE phone = ? AND channel = ?")) {
                ps.setString(1, phone);
                ps.setString(2, channel);
                return first(ps);
            }
        });
    }

    public boolean optedOut(String phone, String channel) {
        return find(phone, channel).map(Consent::optedOut).orElse(false);
    }

    /**
     * The channels each of these phones has opted out of, read in one query (the batch front door asks for
     * hundreds of recipients at once); phones with no opt-out are absent.
     */
    public Map<String, Set<String>> optedOutAmong(Collection<String> phones) {
        if (phones.isEmpty()) {
            return Map.of();
        }
        return Jdbc.read(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT phone, channel FROM consent WHERE state = ? AND phone = ANY (?)")) {
                ps.setString(1, Consent.OPTED_OUT);
                ps.setArray(2, c.createArrayOf("varchar", phones.toArray()));
                Map<String, Set<String>> out = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(rs.getString("phone"), p -> new HashSet<>()).add(rs.getString("channel"));
                    }
                }
                return out;
            }
        });
    }

    /** Records a change (history always, current state replaced) in its own transaction. */
    public Consent record(Consent change) {
        try {
            return Jdbc.inTransaction(ds, c -> record(c, change));
        } catch (StoreException e) {
            // Two first-time changes for one recipient raced on the primary key: the retry sees the row.
            if (Jdbc.isUniqueViolation(e)) {
                return Jdbc.inTransaction(ds, c -> record(c, change));
            }
            throw e;
        }
    }

    /** Records a change inside the caller's transaction. */
    Consent record(Connection c, Consent change) throws SQLException {
        Consent stamped = new Consent(change.phone(), change.channel(), change.state(), change.source(),
                Events.truncate(change.reason(), 256), change.keyword(), change.sender(), clock.instant());
        int updated;
        try (PreparedStatement ps = c.prepareStatement("UPDATE consent SET state = ?, source = ?, reason = ?,"
                + " keyword = ?, sender = ?, updated_at = ? WHERE phone = ? AND channel = ?")) {
            bind(ps, stamped, 1);
            ps.setString(7, stamped.phone());
            ps.setString(8, stamped.channel());
            updated = ps.executeUpdate();
        }
        if (updated == 0) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO consent (state, source, reason, keyword, sender,"
                    + " updated_at, phone, channel) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                bind(ps, stamped, 1);
                ps.setString(7, stamped.phone());
                ps.setString(8, stamped.channel());
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO consent_event (state, source, reason, keyword,"
                + " sender, occurred_at, phone, channel) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            bind(ps, stamped, 1);
            ps.setString(7, stamped.phone());
            ps.setString(8, stamped.channel());
            ps.executeUpdate();
        }
        Jdbc.afterCommit(() -> committed.accept(stamped));
        return stamped;
    }

    private static void bind(PreparedStatement ps, Consent c, int from) throws SQLException {
        ps.setString(from, c.state());
        ps.setString(from + 1, c.source());
        ps.setString(from + 2, c.reason());
        ps.setString(from + 3, c.keyword());
        ps.setString(from + 4, c.sender());
        Jdbc.setTime(ps, from + 5, c.at());
    }

    /** Every change for a phone, oldest first. */
    public List<Consent> history(String phone) {
        return Jdbc.read(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT phone, channel, state, source, reason, keyword, sender,"
                    + " occurred_at AS updated_at FROM consent_event WHERE phone = ? ORDER BY id")) {
                ps.setString(1, phone);
                return all(ps);
            }
        });
    }

    public List<Consent> current(String phone) {
        return Jdbc.read(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM consent WHERE phone = ? ORDER BY channel")) {
                ps.setString(1, phone);
                return all(ps);
            }
        });
    }

    /** Recipients in a state, ordered by phone then channel; {@code afterPhone}/{@code afterChannel} is the cursor. */
    public List<Consent> list(String state, String afterPhone, String afterChannel, int limit) {
        return Jdbc.read(ds, c -> {
            String sql = "SELECT " + COLUMNS + " FROM consent WHERE state = ?"
                    + (afterPhone == null ? "" : " AND (phone > ? OR (phone = ? AND channel > ?))")
                    + " ORDER BY phone, channel LIMIT ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setString(i++, state);
                if (afterPhone != null) {
                    ps.setString(i++, afterPhone);
                    ps.setString(i++, afterPhone);
                    ps.setString(i++, afterChannel);
                }
                ps.setInt(i, limit);
                return all(ps);
            }
        });
    }

    private static Optional<Consent> first(PreparedStatement ps) throws SQLException {
        List<Consent> rows = all(ps);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private static List<Consent> all(PreparedStatement ps) throws SQLException {
        List<Consent> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new Consent(rs.getString("phone"), rs.getString("channel"), rs.getString("state"),
                        rs.getString("source"), rs.getString("reason"), rs.getString("keyword"), rs.getString("sender"),
                        Jdbc.getTime(rs, "updated_at")));
            }
        }
        return rows;
    }
}
