package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MessageStoreIT extends StoreTestBase {

    private StoreFixture open(Db db) {
        return openFixture(db);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void find_returns_every_field_that_insert_wrote(Db db) {
        open(db);
        Instant sendAt = StoreFixture.START.plus(Duration.ofMinutes(30)).plusNanos(123_000);
        NewMessage m = TestMessages.dueAt(sendAt).id("msg_01ALLFIELDS").channel("whatsapp").to("+447700900123")
                .from("whatsapp:+14155550199").body("Ünïcode body €").tagsJson("{\"order\":\"42\",\"team\":\"ops\"}")
                .segments(3).encoding("ucs2").status("scheduled").source("file").idempotencyKey("key-all")
                .fingerprint("fp-all-fields").sendAt(sendAt).build();

        MessageStore.Inserted inserted = fx.messages.insert(m);
        StoredMessage found = fx.messages.find("msg_01ALLFIELDS").orElseThrow();

        assertThat(inserted.existing()).isFalse();
        assertThat(found).isEqualTo(inserted.message());
        assertThat(found).isEqualTo(new StoredMessage("msg_01ALLFIELDS", "whatsapp", "+447700900123",
                "whatsapp:+14155550199", "Ünïcode body €", "{\"order\":\"42\",\"team\":\"ops\"}", 3, "ucs2",
                "scheduled", null, "file", "key-all", "fp-all-fields", null, null, null, 0, sendAt, sendAt,
                StoreFixture.START, StoreFixture.START, "transactional", null, null, null, null, false, null));
        assertThat(found.acceptedAs()).isEqualTo("scheduled");
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void insert_writes_the_first_event_with_the_message(Db db) {
        open(db);
        StoredMessage m = fx.insert(TestMessages.dueAt(StoreFixture.START).source("jms"));

        assertThat(fx.messages.events(m.id())).containsExactly(
                new StoredEvent("accepted", "jms", true, null, null, StoreFixture.START));
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_reused_idempotency_key_returns_the_first_message_and_writes_nothing(Db db) {
        open(db);
        MessageStore.Inserted first = fx.messages.insert(
                TestMessages.dueAt(StoreFixture.START).idempotencyKey("order-42").body("first").build());
        fx.clock.advance(Duration.ofSeconds(5));

        MessageStore.Inserted second = fx.messages.insert(
                TestMessages.dueAt(fx.clock.instant()).idempotencyKey("order-42").body("second").build());

        assertThat(second.existing()).isTrue();
        assertThat(second.message()).isEqualTo(first.message());
        assertThat(second.message().body()).isEqualTo("first");
        assertThat(fx.count("SELECT COUNT(*) FROM message")).isEqualTo(1);
        assertThat(fx.count("SELECT COUNT(*) FROM message_event")).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void concurrent_inserts_with_one_idempotency_key_produce_one_row_that_all_see(Db db) throws Exception {
        open(db);
        int threads = 10;
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Callable<MessageStore.Inserted>> work = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            NewMessage m = TestMessages.dueAt(StoreFixture.START).idempotencyKey("same-key").body("try " + i).build();
            work.add(() -> {
                start.await(10, TimeUnit.SECONDS);
                return fx.messages.insert(m);
            });
        }
        List<MessageStore.Inserted> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (Future<MessageStore.Inserted> f : pool.invokeAll(work, 60, TimeUnit.SECONDS)) {
                results.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(fx.count("SELECT COUNT(*) FROM message")).isEqualTo(1);
        assertThat(fx.count("SELECT COUNT(*) FROM message_event")).isEqualTo(1);
        String winner = fx.messages.findByIdempotencyKey("same-key").orElseThrow().id();
        assertThat(results).extracting(r -> r.message().id()).containsOnly(winner);
        assertThat(results).filteredOn(r -> !r.existing()).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void list_is_newest_first_and_filters_by_to_status_and_channel(Db db) {
        open(db);
        fx.insert(TestMessages.dueAt(null).id("msg_01").to("+14155550101").status("accepted").channel("sms"));
        fx.insert(TestMessages.dueAt(null).id("msg_02").to("+14155550102").status("scheduled").channel("sms"));
        fx.insert(TestMessages.dueAt(null).id("msg_03").to("+14155550101").status("scheduled").channel("whatsapp"));
        fx.insert(TestMessages.dueAt(null).id("msg_04").to("+14155550102").status("accepted").channel("whatsapp"));
        fx.insert(TestMessages.dueAt(null).id("msg_05").to("+14155550101").status("accepted").channel("sms"));

        assertThat(ids(query(null, null, null, null, 10))).containsExactly("msg_05", "msg_04", "msg_03", "msg_02", "msg_01");
        assertThat(ids(query("+14155550101", null, null, null, 10))).containsExactly("msg_05", "msg_03", "msg_01");
        assertThat(ids(query(null, "scheduled", null, null, 10))).containsExactly("msg_03", "msg_02");
        assertThat(ids(query(null, null, "whatsapp", null, 10))).containsExactly("msg_04", "msg_03");
        assertThat(ids(query("+14155550101", "accepted", "sms", null, 10))).containsExactly("msg_05", "msg_01");
        assertThat(ids(query(null, null, null, null, 2))).containsExactly("msg_05", "msg_04");
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void list_pages_with_the_cursor_without_gaps_or_repeats(Db db) {
        open(db);
        List<String> all = IntStream.rangeClosed(1, 8).mapToObj(i -> "msg_P" + i).toList();
        all.forEach(id -> fx.insert(TestMessages.dueAt(null).id(id)));
        fx.insert(TestMessages.dueAt(null).id("msg_Q9").to("+14155550999")); // filtered out

        List<String> page1 = ids(query("+14155550100", null, null, null, 3));
        List<String> page2 = ids(query("+14155550100", null, null, page1.get(2), 3));
        List<String> page3 = ids(query("+14155550100", null, null, page2.get(2), 3));

        assertThat(page1).containsExactly("msg_P8", "msg_P7", "msg_P6");
        assertThat(page2).containsExactly("msg_P5", "msg_P4", "msg_P3");
        assertThat(page3).containsExactly("msg_P2", "msg_P1");
        assertThat(ids(query("+14155550100", null, null, page3.get(1), 3))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void find_of_an_unknown_id_is_empty(Db db) {
        open(db);
        fx.insert(TestMessages.dueAt(StoreFixture.START).id("msg_KNOWN"));

        assertThat(fx.messages.find("msg_UNKNOWN")).isEmpty();
        assertThat(fx.messages.find("msg_KNOWN")).isPresent();
    }

    private List<StoredMessage> query(String to, String status, String channel, String before, int limit) {
        return fx.messages.list(new MessageStore.Query(to, status, channel, before, limit));
    }

    private static List<String> ids(List<StoredMessage> rows) {
        return rows.stream().map(StoredMessage::id).toList();
    }
}
