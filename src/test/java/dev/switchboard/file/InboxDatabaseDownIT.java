package dev.switchboard.file;

import dev.switchboard.testing.ConsentApi;
import dev.switchboard.testing.TcpProxy;
import dev.switchboard.testing.TestDatabases;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The database going away in the middle of a file: the file stays in the inbox, nothing is acknowledged,
 * and once the database is back the file is imported with every row sent exactly once.
 */
class InboxDatabaseDownIT {

    private static final String APP = "file_inbox_db_down";

    @Test
    void a_file_cut_short_by_a_database_outage_stays_in_the_inbox_and_later_sends_every_row_once() throws Exception {
        String direct = TestDatabases.freshPostgresSchema("file_db_down");
        URI pg = URI.create(direct.substring("jdbc:".length()));
        List<String> phones = new ArrayList<>();
        StringBuilder csv = new StringBuilder("to,body\n");
        for (int row = 1; row <= 8; row++) {
            phones.add(ConsentApi.uniquePhone("741"));
            csv.append(phones.get(row - 1)).append(",row ").append(row).append('\n');
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));

        try (TcpProxy proxy = new TcpProxy(pg.getHost(), pg.getPort() < 0 ? 5432 : pg.getPort());
             Inbox inbox = Inbox.start(Map.of("switchboard.db.url",
                     direct.replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/") + "&ApplicationName=" + APP,
                     "switchboard.db.connect-timeout-ms", "1000", "switchboard.inbox.batch-size", "2",
                     // One batch at a time, so where the file stops is known: after rows 1-4.
                     "switchboard.inbox.batches-in-flight", "1",
                     // A claim whose dispatch the outage cut short falls due again after its lease: keep it short.
                     "switchboard.outbox.lease-ms", "5000"));
             Connection test = DriverManager.getConnection(direct)) {
            // Hold row 5's key in an open transaction: the batch of rows 5-6 waits on it, mid-file.
            test.setAutoCommit(false);
            holdKey(test, "file:" + hash + ":5");

            inbox.drop("outage.csv", bytes);
            await().atMost(Duration.ofSeconds(20)).until(() -> waitingInserts(direct) == 1);
            proxy.down();

            // Poll after poll, the file stays where it was: nothing moved, nothing recorded as processed.
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() ->
                    Files.exists(inbox.dir().resolve("outage.csv")) && !Files.exists(inbox.done("outage.csv"))
                            && !Files.exists(inbox.failed("outage.csv")));
            assertThat(count(direct, "SELECT COUNT(*) FROM camel_messageprocessed")).isZero();
            assertThat(count(direct, "SELECT COUNT(*) FROM message")).isEqualTo(4); // rows 1-4, in two batches
            assertThat(count(direct, "SELECT COUNT(*) FROM file_import WHERE status = 'processing'")).isEqualTo(1);

            test.rollback();
            proxy.up();
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.done("outage.csv")));

            assertThat(count(direct, "SELECT COUNT(*) FROM message")).isEqualTo(8);
            assertThat(count(direct, "SELECT COUNT(DISTINCT to_number) FROM message")).isEqualTo(8);
            assertThat(count(direct, "SELECT COUNT(*) FROM file_import WHERE status = 'done' AND accepted = 4"
                    + " AND duplicates = 4 AND attempts >= 2")).isEqualTo(1);
            assertThat(count(direct, "SELECT COUNT(*) FROM camel_messageprocessed WHERE messageid = '" + hash + "'"))
                    .isEqualTo(1);
            await().atMost(Duration.ofSeconds(20)).until(() -> phones.stream().allMatch(p -> inbox.sentTo(p).size() == 1));
        }
    }

    private static void holdKey(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO message (id, channel, to_number, segments, encoding,"
                + " status, source, idempotency_key, fingerprint, created_at, updated_at)"
                + " VALUES ('msg_held_by_the_test', 'sms', '+14155550100', 1, 'GSM-7', 'accepted', 'test', ?, 'x', ?, ?)")) {
            ps.setString(1, key);
            ps.setObject(2, OffsetDateTime.now());
            ps.setObject(3, OffsetDateTime.now());
            ps.executeUpdate();
        }
    }

    private static long waitingInserts(String url) throws SQLException {
        return count(url, "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = '" + APP + "'"
                + " AND wait_event_type = 'Lock' AND (query LIKE 'INSERT INTO message %' OR query LIKE 'COPY message %')");
    }

    private static long count(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
