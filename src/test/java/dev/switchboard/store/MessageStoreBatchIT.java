package dev.switchboard.store;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link MessageStore#insertBatch}: one transaction of JDBC batches, duplicates answered, not failed. */
class MessageStoreBatchIT extends StoreTestBase {

    @ParameterizedTest
    @EnumSource(Db.class)
    void commits_every_message_with_its_first_event_and_answers_in_order(Db db) {
        openFixture(db);
        List<NewMessage> batch = List.of(
                TestMessages.dueAt(StoreFixture.START).idempotencyKey("b-1").body("one").build(),
                TestMessages.dueAt(StoreFixture.START).body("two").source("file").build(),
                TestMessages.dueAt(null).idempotencyKey("b-3").status("suppressed").build());

        List<MessageStore.Inserted> answers = fx.messages.insertBatch(batch);

        assertThat(answers).extracting(a -> a.message().id()).containsExactly(batch.get(0).id(), batch.get(1).id(),
                batch.get(2).id());
        assertThat(answers).noneMatch(MessageStore.Inserted::existing);
        assertThat(fx.reload(answers.get(1).message())).isEqualTo(answers.get(1).message());
        assertThat(fx.messages.events(batch.get(1).id())).containsExactly(
                new StoredEvent("accepted", "file", true, null, null, StoreFixture.START));
        assertThat(fx.count("SELECT COUNT(*) FROM message")).isEqualTo(3);
        assertThat(fx.count("SELECT COUNT(*) FROM message_event")).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void text_that_needs_escaping_in_a_copy_stream_reads_back_exactly_as_given(Db db) {
        openFixture(db); // PostgreSQL writes batches with COPY (text format), H2 with INSERT batches
        String awkward = "tab\there, new\nline, cr\r\n, back\\slash, \\N, \\t, literal \\\\N, emoji \uD83D\uDE00, é";
        NewMessage m = TestMessages.dueAt(StoreFixture.START).body(awkward).from("Sender\tX")
                .tagsJson("{\"note\":\"a\\\\b\\nc\"}").idempotencyKey("key\\with\tcontrol").build();
        NewMessage empty = TestMessages.dueAt(null).body("").status("suppressed").build();
        NewMessage nulls = TestMessages.dueAt(StoreFixture.START).body(null).from(null).tagsJson(null).build();
        NewMessage base = TestMessages.dueAt(StoreFixture.START).channel("voice").body(null).build();
        NewMessage call = new NewMessage(base.id(), base.channel(), base.to(), base.from(), null, null, 0, "none",
                base.status(), base.source(), "call-key", base.fingerprint(), null, base.dueAt(), null, "transactional",
                null, null, null, null, false, "{\"say\":\"Line\\none\\tand \\\\ two\"}", 2);

        List<MessageStore.Inserted> answers = fx.messages.insertBatch(List.of(m, empty, nulls, call));

        for (MessageStore.Inserted answer : answers) {
            assertThat(fx.reload(answer.message())).isEqualTo(answer.message());
        }
        StoredMessage read = fx.messages.find(m.id()).orElseThrow();
        assertThat(read.body()).isEqualTo(awkward);
        assertThat(read.from()).isEqualTo("Sender\tX");
        assertThat(read.idempotencyKey()).isEqualTo("key\\with\tcontrol");
        assertThat(fx.messages.find(empty.id()).orElseThrow().body()).isEmpty();
        assertThat(fx.messages.find(nulls.id()).orElseThrow().body()).isNull();
        assertThat(fx.messages.events(empty.id())).extracting(StoredEvent::status).containsExactly("suppressed");
        assertThat(fx.messages.find(call.id()).orElseThrow().voiceJson()).isEqualTo(call.voiceJson());
        assertThat(fx.count("SELECT COUNT(*) FROM message WHERE call_retries_left = 2")).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void events_carry_no_foreign_key_to_their_message(Db db) throws Exception {
        openFixture(db); // V8 dropped it: checking it was a third of the cost of writing a message (bench/files)
        try (Connection c = fx.database.dataSource().getConnection();
             ResultSet keys = c.getMetaData().getImportedKeys(null, c.getSchema(), "message_event")) {
            assertThat(keys.next()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void keys_taken_before_or_earlier_in_the_batch_are_answered_with_their_holder_and_not_written(Db db) {
        openFixture(db);
        StoredMessage earlier = fx.insert(TestMessages.dueAt(StoreFixture.START).idempotencyKey("k-1").body("earlier"));
        List<NewMessage> batch = List.of(
                TestMessages.dueAt(StoreFixture.START).idempotencyKey("k-1").body("again").build(),
                TestMessages.dueAt(StoreFixture.START).idempotencyKey("k-2").body("first k-2").build(),
                TestMessages.dueAt(StoreFixture.START).idempotencyKey("k-2").body("second k-2").build());

        List<MessageStore.Inserted> answers = fx.messages.insertBatch(batch);

        assertThat(answers).extracting(MessageStore.Inserted::existing).containsExactly(true, false, true);
        assertThat(answers.get(0).message()).isEqualTo(earlier);
        assertThat(answers.get(2).message().id()).isEqualTo(batch.get(1).id());
        assertThat(fx.count("SELECT COUNT(*) FROM message")).isEqualTo(2);
        assertThat(fx.count("SELECT COUNT(*) FROM message_event")).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_key_taken_by_a_concurrent_writer_after_the_check_rolls_the_batch_back_and_goes_row_by_row(Db db) {
        openFixture(db);
        DataSource raw = fx.database.dataSource();
        NewMessage concurrent = TestMessages.dueAt(StoreFixture.START).idempotencyKey("race").body("theirs").build();
        // The batch's first connection looks the keys up; before its second one writes, another writer commits "race".
        AtomicInteger connections = new AtomicInteger();
        DataSource racing = (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection") && connections.incrementAndGet() == 2) {
                        new MessageStore(raw, fx.clock).insert(concurrent);
                    }
                    try {
                        return method.invoke(raw, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        MessageStore store = new MessageStore(racing, fx.clock);
        List<NewMessage> batch = List.of(
                TestMessages.dueAt(StoreFixture.START).body("mine").build(),
                TestMessages.dueAt(StoreFixture.START).idempotencyKey("race").body("ours").build());

        List<MessageStore.Inserted> answers = store.insertBatch(batch);

        assertThat(answers).extracting(MessageStore.Inserted::existing).containsExactly(false, true);
        assertThat(answers.get(1).message().id()).isEqualTo(concurrent.id());
        assertThat(fx.count("SELECT COUNT(*) FROM message")).isEqualTo(2);
        assertThat(fx.count("SELECT COUNT(*) FROM message WHERE id = ?", batch.get(0).id())).isEqualTo(1);
        assertThat(fx.count("SELECT COUNT(*) FROM message_event")).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void an_empty_batch_writes_nothing(Db db) {
        openFixture(db);

        assertThat(fx.messages.insertBatch(List.of())).isEmpty();
        assertThat(fx.count("SELECT COUNT(*) FROM message")).isZero();
    }
}
