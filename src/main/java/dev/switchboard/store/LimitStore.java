package dev.switchboard.store;

import dev.switchboard.domain.Destinations;
import dev.switchboard.domain.SendLimits;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link SendLimits} held in the database, so every instance shares them: velocity as a log of hits per scope
 * (a destination prefix, a country) read over the sliding window, the daily budget as a counter per UTC day. The
 * scopes' rows are locked in name order before counting, so two instances never count the same hit twice nor wait
 * on each other crosswise; a refused request is not recorded.
 */
public final class LimitStore implements WriteLimits {

    /** What one request asks of the limits: velocity counted or not, and the segments it spends (0: none). */
    private record Ask(String to, boolean velocity, long segments) {
    }

    private static final int KNOWN_SCOPES = 100_000;

    private final DataSource ds;
    private final Clock clock;
    private final SendLimits limits;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public LimitStore(DataSource ds, Clock clock, SendLimits limits) {
        this.ds = ds;
        this.clock = clock;
        this.limits = limits;
    }

    public SendLimits limits() {
        return limits;
    }

    @Override
    public void prepare(List<NewMessage> rows) {
        if (limits.any()) {
            scopes(asks(rows), clock.instant()).forEach(this::ensure);
        }
    }

    @Override
    public Refusal[] admit(Connection c, List<NewMessage> rows, Instant now) throws SQLException {
        if (!limits.any()) {
            return new Refusal[rows.size()];
        }
        return count(c, asks(rows), now);
    }

    private static List<Ask> asks(List<NewMessage> rows) {
        List<Ask> asks = new ArrayList<>(rows.size());
        for (NewMessage m : rows) {
            asks.add(new Ask(m.to(), SendLimits.countsForVelocity(m.priority(), m.status()),
                    SendLimits.countsForBudget(m.channel(), m.status()) ? m.segments() : 0));
        }
        return asks;
    }

    /**
     * A Verify start to {@code to}, in its own transaction: {@code null} when it may go (it is counted), else why
     * not. Verify starts count towards velocity, not the segment budget.
     */
    public Refusal verifyStart(String to) {
        if (!limits.velocity()) {
            return null;
        }
        Instant now = clock.instant();
        List<Ask> asks = List.of(new Ask(to, true, 0));
        scopes(asks, now).forEach(this::ensure);
        return Jdbc.inTransaction(ds, c -> count(c, asks, now)[0]);
    }

    /** Every scope these requests touch, in name order (the order they are locked in). */
    private SortedSet<String> scopes(List<Ask> asks, Instant now) {
        SortedSet<String> all = new TreeSet<>();
        for (Ask a : asks) {
            all.addAll(velocityScopes(a));
            if (limits.daily() && a.segments() > 0) {
                all.add(dayScope(now));
            }
        }
        return all;
    }

    private static String dayScope(Instant now) {
        return "day:" + LocalDate.ofInstant(now, ZoneOffset.UTC);
    }

    private Refusal[] count(Connection c, List<Ask> asks, Instant now) throws SQLException {
        Refusal[] answers = new Refusal[asks.size()];
        String day = dayScope(now);
        List<List<String>> scopes = new ArrayList<>(asks.size());
        for (Ask a : asks) {
            scopes.add(velocityScopes(a));
        }
        SortedSet<String> all = scopes(asks, now);
        if (all.isEmpty()) {
            return answers;
        }
        all.forEach(this::ensure); // normally done by prepare, before the transaction
        Map<String, Long> used = lock(c, all);
        Map<String, List<Instant>> hits = hitsWithinWindow(c, all, now);
        long spent = used.getOrDefault(day, 0L);
        long spentBefore = spent;
        List<String> recorded = new ArrayList<>();
        for (int i = 0; i < asks.size(); i++) {
            Ask a = asks.get(i);
            Refusal refusal = velocityRefusal(scopes.get(i), hits, now);
            boolean budgeted = limits.daily() && a.segments() > 0;
            if (refusal == null && budgeted && spent + a.segments() > limits.dailySegments()) {
                refusal = dailyRefusal(day, spent, a.segments(), now);
            }
            if (refusal != null) {
                answers[i] = refusal;
                continue;
            }
            for (String scope : scopes.get(i)) {
                hits.get(scope).add(now);
                recorded.add(scope);
            }
            if (budgeted) {
                spent += a.segments();
            }
        }
        record(c, recorded, hits.keySet(), now);
        if (spent != spentBefore) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE limit_scope SET used = ? WHERE scope = ?")) {
                ps.setLong(1, spent);
                ps.setString(2, day);
                ps.executeUpdate();
            }
        }
        return answers;
    }

    private List<String> velocityScopes(Ask a) {
        if (!a.velocity()) {
            return List.of();
        }
        List<String> own = new ArrayList<>(2);
        if (limits.countryLimit() > 0) {
            own.add("country:" + Destinations.countryOf(a.to()));
        }
        if (limits.prefixLimit() > 0) {
            own.add("prefix:" + limits.prefixOf(a.to()));
        }
        return own;
    }

    /** Over a scope's limit when it already holds that many hits in the window; free again when the oldest needed leaves. */
    private Refusal velocityRefusal(List<String> scopes, Map<String, List<Instant>> hits, Instant now) {
        for (String scope : scopes) {
            boolean prefix = scope.startsWith("prefix:");
            int limit = prefix ? limits.prefixLimit() : limits.countryLimit();
            List<Instant> within = hits.get(scope);
            if (within.size() >= limit) {
                Instant frees = within.get(within.size() - limit).plus(limits.window());
                long wait = Math.max(1, (Duration.between(now, frees).toMillis() + 999) / 1000);
                String target = scope.substring(scope.indexOf(':') + 1);
                return new Refusal(SendLimits.VELOCITY, prefix ? "prefix" : "country",
                        "too many transactional messages and verification codes to " + (prefix ? "numbers starting "
                                + target : "numbers in " + target) + ": at most " + limit + " within "
                                + limits.windowText() + " (SWITCHBOARD_VELOCITY_" + (prefix ? "PREFIX" : "COUNTRY")
                                + "_LIMIT), a guard against SMS pumping; try again in " + wait + " s", wait);
            }
        }
        return null;
    }

    private Refusal dailyRefusal(String day, long spent, long wanted, Instant now) {
        Instant midnight = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        long wait = Math.max(1, (Duration.between(now, midnight).toMillis() + 999) / 1000);
        return new Refusal(SendLimits.DAILY, "daily", "the account's daily budget of " + limits.dailySegments()
                + " segments (SWITCHBOARD_DAILY_SEGMENTS) would be passed: " + spent + " already accepted on "
                + day.substring(4) + " (UTC), this request needs " + wanted + "; messages accepted earlier still go;"
                + " try again after midnight UTC, in " + wait + " s", wait);
    }

    private Map<String, Long> lock(Connection c, SortedSet<String> scopes) throws SQLException {
        Map<String, Long> used = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT used FROM limit_scope WHERE scope = ? FOR UPDATE")) {
            for (String scope : scopes) {
                ps.setString(1, scope);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        used.put(scope, rs.getLong(1));
                    }
                }
            }
        }
        return used;
    }

    private Map<String, List<Instant>> hitsWithinWindow(Connection c, SortedSet<String> scopes, Instant now)
            throws SQLException {
        Map<String, List<Instant>> hits = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT hit_at FROM limit_hit WHERE scope = ? AND hit_at > ? ORDER BY hit_at")) {
            for (String scope : scopes) {
                if (scope.startsWith("day:")) {
                    continue;
                }
                ps.setString(1, scope);
                Jdbc.setTime(ps, 2, now.minus(limits.window()));
                List<Instant> within = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        within.add(Jdbc.getTime(rs, "hit_at"));
                    }
                }
                hits.put(scope, within);
            }
        }
        return hits;
    }

    /** Writes the new hits and forgets the ones that left the window, for the scopes this request locked. */
    private void record(Connection c, List<String> recorded, Set<String> touched, Instant now) throws SQLException {
        if (!recorded.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO limit_hit (scope, hit_at) VALUES (?, ?)")) {
                for (String scope : recorded) {
                    ps.setString(1, scope);
                    Jdbc.setTime(ps, 2, now);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM limit_hit WHERE scope = ? AND hit_at <= ?")) {
            for (String scope : touched) {
                ps.setString(1, scope);
                Jdbc.setTime(ps, 2, now.minus(limits.window()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Its own short transaction, as {@code send_slot}'s: a row two instances create at once is there for the loser. */
    private void ensure(String scope) {
        if (known.contains(scope)) {
            return;
        }
        try {
            Jdbc.inTransaction(ds, c -> {
                if (scope.startsWith("day:")) {
                    // A new day: the counters of days before yesterday are no longer needed.
                    try (PreparedStatement ps = c.prepareStatement(
                            "DELETE FROM limit_scope WHERE scope LIKE 'day:%' AND scope < ?")) {
                        ps.setString(1, "day:" + LocalDate.parse(scope.substring(4)).minusDays(1));
                        ps.executeUpdate();
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO limit_scope (scope, used)"
                        + " SELECT ?, 0 WHERE NOT EXISTS (SELECT 1 FROM limit_scope WHERE scope = ?)")) {
                    ps.setString(1, scope);
                    ps.setString(2, scope);
                    return ps.executeUpdate();
                }
            });
        } catch (StoreException e) {
            if (!Jdbc.isUniqueViolation(e)) {
                throw e;
            }
        }
        if (known.size() > KNOWN_SCOPES) {
            known.clear();
        }
        known.add(scope);
    }
}
