package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Issue 17: personal data expires. Bodies erased and numbers masked after the period; the facts and history stay. */
class RetentionIT extends StoreTestBase {

    private static final Duration KEEP = Duration.ofDays(30);

    private StoredMessage sentAt(Instant at, String to, String body) {
        fx.clock.advance(Duration.between(fx.clock.instant(), at));
        StoredMessage m = fx.insert(TestMessages.dueAt(null).id(Ids.newMessageId(at.toEpochMilli())).to(to).body(body)
                .status("delivered"));
        fx.update("INSERT INTO message_event (message_id, status, source, applied, occurred_at) VALUES (?, 'delivered',"
                + " 'twilio-callback', true, ?)", m.id(), fx.dueNow());
        return m;
    }

    private Retention retention(int batch) {
        return new Retention(fx.database.dataSource(), fx.clock, KEEP, batch);
    }

    private String column(String table, String column, Object id) {
        try (var c = fx.database.dataSource().getConnection();
             var ps = c.prepareStatement("SELECT " + column + " FROM " + table + " WHERE id = ?")) {
            ps.setObject(1, id);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void after_the_period_bodies_are_erased_and_numbers_masked_and_statuses_and_history_stay(Db db) {
        openFixture(db);
        Instant start = fx.clock.instant();
        List<StoredMessage> old = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            old.add(sentAt(start.plusSeconds(i), "+1415555010" + i, "Your code is 12345" + i));
        }
        StoredMessage recent = sentAt(start.plus(Duration.ofDays(20)), "+14155550199", "Recent");
        fx.update("INSERT INTO inbound_message (message_sid, channel, from_number, to_number, body, received_at)"
                + " VALUES ('SMold', 'sms', '+447700900123', '+15005550006', 'STOP please', ?)",
                java.time.OffsetDateTime.ofInstant(start, java.time.ZoneOffset.UTC));
        fx.clock.advance(Duration.ofDays(11)); // the old ones are 31 days old, the recent one 11
        long history = fx.count("SELECT count(*) FROM message_event WHERE message_id = ?", old.get(0).id());

        Retention.Result r = retention(2).run();

        assertThat(r.messages()).isEqualTo(5);
        assertThat(r.inbound()).isEqualTo(1);
        assertThat(r.batches()).as("5 messages two at a time, then the inbound one").isEqualTo(4);
        for (int i = 0; i < 5; i++) {
            StoredMessage m = fx.reload(old.get(i));
            assertThat(m.body()).isNull();
            assertThat(m.to()).isEqualTo("+1415\u2022\u2022\u2022010" + i);
            assertThat(m.status()).isEqualTo("delivered");
            assertThat(m.segments()).isEqualTo(1);
        }
        assertThat(fx.count("SELECT count(*) FROM message_event WHERE message_id = ?", old.get(0).id()))
                .as("the history, whole").isEqualTo(history).isGreaterThanOrEqualTo(1);
        assertThat(fx.reload(recent).body()).isEqualTo("Recent");
        assertThat(fx.reload(recent).to()).isEqualTo("+14155550199");
        assertThat(fx.count("SELECT count(*) FROM inbound_message WHERE body IS NULL AND from_number = ?",
                "+4477\u2022\u2022\u20220123")).isEqualTo(1);

        assertThat(retention(2).run().messages()).as("the next run starts after the last").isZero();
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_message_still_waiting_to_be_sent_keeps_its_body_until_it_has_left_the_outbox(Db db) {
        openFixture(db);
        Instant start = fx.clock.instant();
        StoredMessage waiting = fx.insert(TestMessages.dueAt(start.plus(Duration.ofDays(40)))
                .id(Ids.newMessageId(start.toEpochMilli())).body("Happy new year").status("scheduled"));
        StoredMessage after = sentAt(start.plusSeconds(1), "+14155550101", "Sent");
        fx.clock.advance(Duration.ofDays(31));

        retention(10).run();

        assertThat(fx.reload(waiting).body()).isEqualTo("Happy new year");
        assertThat(fx.reload(after).body()).isNull();

        fx.update("UPDATE message SET next_attempt_at = NULL, status = 'delivered' WHERE id = ?", waiting.id());
        assertThat(retention(10).run().messages()).as("come back for it").isEqualTo(1);
        assertThat(fx.reload(waiting).body()).isNull();
        assertThat(column("message", "to_number", waiting.id())).contains("\u2022");
    }
}
