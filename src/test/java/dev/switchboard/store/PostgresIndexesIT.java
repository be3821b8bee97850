package dev.switchboard.store;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The partial indexes the PostgreSQL migrations make (V10, V13): a row the look-up can never ask for adds no
 * entry, and the look-ups still find theirs through the index.
 */
class PostgresIndexesIT extends StoreTestBase {

    @Test
    void events_without_a_dedupe_key_add_no_entry_to_the_dedupe_index_and_the_lookup_uses_it() throws SQLException {
        openFixture(Db.POSTGRES);
        StoredMessage m = fx.insert(TestMessages.dueAt(StoreFixture.START));
        try (Connection c = fx.database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            Events.insert(c, m.id(), "sent", "twilio-callback", true, null, null, "token-1", StoreFixture.START);
            c.commit();

            assertThat(single(c, "SELECT pg_get_indexdef('message_event_dedupe'::regclass)"))
                    .endsWith("WHERE (dedupe_key IS NOT NULL)");
            // Two events (accepted, sent), one of them keyed: the index holds the keyed one only.
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE message_event");
            }
            assertThat(single(c, "SELECT reltuples::bigint::text FROM pg_class WHERE oid = 'message_event_dedupe'::regclass"))
                    .isEqualTo("1");

            try (Statement s = c.createStatement()) {
                s.execute("SET enable_seqscan = off");
            }
            assertThat(plan(c, "EXPLAIN SELECT 1 FROM message_event WHERE message_id = '" + m.id()
                    + "' AND dedupe_key = 'token-1'")).contains("message_event_dedupe");
            assertThat(Events.exists(c, m.id(), "token-1")).isTrue();
            assertThat(Events.exists(c, m.id(), "token-2")).isFalse();
            c.rollback();
        }
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getString(1);
        }
    }

    private static String plan(Connection c, String sql) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
        }
        return String.join("\n", lines);
    }
}
