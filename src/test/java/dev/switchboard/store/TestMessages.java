package dev.switchboard.store;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Builds {@link NewMessage}s: a plain due SMS unless a test says otherwise. */
final class TestMessages {

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private String id = "msg_T" + String.format("%08d", SEQUENCE.incrementAndGet());
    private String channel = "sms";
    private String to = "+14155550100";
    private String from = "+14155550199";
    private String body = "hello";
    private String tagsJson;
    private int segments = 1;
    private String encoding = "gsm7";
    private String status = "accepted";
    private String source = "api";
    private String idempotencyKey;
    private String fingerprint = "fp-hello";
    private Instant sendAt;
    private Instant dueAt;

    private TestMessages() {
    }

    /** A message due at {@code dueAt} (null: not in the outbox). */
    static TestMessages dueAt(Instant dueAt) {
        TestMessages m = new TestMessages();
        m.dueAt = dueAt;
        return m;
    }

    TestMessages id(String v) { id = v; return this; }
    TestMessages channel(String v) { channel = v; return this; }
    TestMessages to(String v) { to = v; return this; }
    TestMessages from(String v) { from = v; return this; }
    TestMessages body(String v) { body = v; return this; }
    TestMessages tagsJson(String v) { tagsJson = v; return this; }
    TestMessages segments(int v) { segments = v; return this; }
    TestMessages encoding(String v) { encoding = v; return this; }
    TestMessages status(String v) { status = v; return this; }
    TestMessages source(String v) { source = v; return this; }
    TestMessages idempotencyKey(String v) { idempotencyKey = v; return this; }
    TestMessages fingerprint(String v) { fingerprint = v; return this; }
    TestMessages sendAt(Instant v) { sendAt = v; return this; }

    NewMessage build() {
        return new NewMessage(id, channel, to, from, body, tagsJson, segments, encoding, status, source,
                idempotencyKey, fingerprint, sendAt, dueAt);
    }
}
