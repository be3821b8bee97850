package dev.switchboard.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** The {@code send_slot} rows: each sender's (and the account's) next free send time, locked while a claim plans. */
public final class SendSlots {

    /** The row that paces the whole account. */
    public static final String ACCOUNT = "account";

    private final DataSource ds;
    private final Clock clock;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public SendSlots(DataSource ds, Clock clock) {
        this.ds = ds;
        this.clock = clock;
    }

    /**
     * Locks the rows of {@code keys} (created first where missing) in key order, so two claims never
     * wait on each other crosswise, and returns their next free times.
     */
    Map<String, Instant> lock(Connection c, Collection<String> keys) throws SQLException {
        Set<String> sorted = new TreeSet<>(keys);
        sorted.forEach(this::ensure);
        Map<String, Instant> next = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT next_free FROM send_slot WHERE sender_key = ? FOR UPDATE")) {
            for (String key : sorted) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        next.put(key, Jdbc.getTime(rs, "next_free"));
                    }
                }
            }
        }
        return next;
    }

    void save(Connection c, Map<String, Instant> nextFree) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE send_slot SET next_free = ? WHERE sender_key = ?")) {
            for (Map.Entry<String, Instant> e : nextFree.entrySet()) {
                Jdbc.setTime(ps, 1, e.getValue());
                ps.setString(2, e.getKey());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * A new send time for a message of {@code sender} that missed its own: the later of {@code earliest},
     * the sender's and the account's next free time, which move on by one interval each. The account row
     * is locked first, as claims do.
     */
    public Instant reslot(String sender, Duration senderInterval, Duration accountInterval, Instant earliest) {
        return Jdbc.inTransaction(ds, c -> {
            Instant account = lock(c, List.of(ACCOUNT)).get(ACCOUNT);
            Instant own = lock(c, List.of(sender)).get(sender);
            Instant slot = latest(earliest, account, own);
            save(c, Map.of(ACCOUNT, slot.plus(accountInterval), sender, slot.plus(senderInterval)));
            return slot;
        });
    }

    private static Instant latest(Instant... times) {
        Instant max = times[0];
        for (Instant t : times) {
            if (t != null && t.isAfter(max)) {
                max = t;
            }
        }
        return max;
    }

    /** Twilio asked this sender to slow down: nothing of it is sent before {@code until}. */
    public void holdUntil(String key, Instant until) {
        ensure(key);
        Jdbc.inTransaction(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE send_slot SET next_free = ? WHERE sender_key = ? AND next_free < ?")) {
                Jdbc.setTime(ps, 1, until);
                ps.setString(2, key);
                Jdbc.setTime(ps, 3, until);
                return ps.executeUpdate();
            }
        });
    }

    /** Its own short transaction: a row two instances create at once is simply there for the loser. */
    private void ensure(String key) {
        if (known.contains(key)) {
            return;
        }
        try {
            Jdbc.inTransaction(ds, c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO send_slot (sender_key, next_free)"
                        + " SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM send_slot WHERE sender_key = ?)")) {
                    ps.setString(1, key);
                    Jdbc.setTime(ps, 2, clock.instant());
                    ps.setString(3, key);
                    return ps.executeUpdate();
                }
            });
        } catch (StoreException e) {
            if (!Jdbc.isUniqueViolation(e)) {
                throw e;
            }
        }
        known.add(key);
    }
}
