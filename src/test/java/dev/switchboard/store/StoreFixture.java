package dev.switchboard.store;

import org.junit.jupiter.api.TestInfo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** One fresh database with the three stores on a clock the test controls, plus plain JDBC for checks. */
final class StoreFixture implements AutoCloseable {

    static final Instant START = Instant.parse("2030-01-01T09:00:00Z");

    final Database database;
    final MutableClock clock = new MutableClock(START);
    final StatusStore statuses;
    final MessageStore messages;
    final ConsentStore consents;

    private StoreFixture(Database database) {
        this.database = database;
        this.consents = new ConsentStore(database.dataSource(), clock);
        this.statuses = new StatusStore(database.dataSource(), clock, consents, code -> code == 21610);
        this.messages = new MessageStore(database.dataSource(), clock);
    }

    /** A fresh database named after the running test (PostgreSQL schema names stay under 63 characters). */
    static StoreFixture open(Db db, TestInfo test) {
        String name = test.getTestClass().orElseThrow().getSimpleName() + "_" + test.getTestMethod().orElseThrow().getName();
        if (name.length() > 50) {
            name = name.substring(0, 40) + "_" + Integer.toHexString(name.hashCode());
        }
        return new StoreFixture(db.open(name));
    }

    /** A dispatcher's view of the outbox; several may share one database. */
    OutboxStore outbox() {
        return new OutboxStore(database.dataSource(), database.dialect(), clock, statuses, consents);
    }

    /** The clock's now as a bind value for plain JDBC checks against due times. */
    java.time.OffsetDateTime dueNow() {
        return java.time.OffsetDateTime.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
    }

    StoredMessage insert(TestMessages m) {
        return messages.insert(m.build()).message();
    }

    StoredMessage reload(StoredMessage m) {
        return messages.find(m.id()).orElseThrow();
    }

    long count(String sql, Object... args) {
        try (Connection c = database.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    int update(String sql, Object... args) {
        try (Connection c = database.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    @Override
    public void close() {
        database.close();
    }
}
