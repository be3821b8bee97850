package dev.switchboard.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * Counts message creates per message, so a fault suite can tell a resend from a new message: a message is its
 * To + Body (the suite makes every body unique). Created includes messages created behind a fault's 500.
 */
public final class CreateStats {

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong answered201 = new AtomicLong();
    private final AtomicLong faulted = new AtomicLong();
    private final Map<String, AtomicInteger> createdPerMessage = new ConcurrentHashMap<>();
    private final Map<Long, AtomicInteger> answeredPerSecond = new ConcurrentHashMap<>();
    private final IntSupplier callbacksFailed;
    private final CallbackTimes callbackTimes;

    public CreateStats() {
        this(() -> 0, new CallbackTimes());
    }

    /**
     * {@code callbacksFailed}: the status callbacks that found no one to answer them; {@code callbackTimes}: how long
     * the receiver took to answer them; both reported with the rest.
     */
    CreateStats(IntSupplier callbacksFailed, CallbackTimes callbackTimes) {
        this.callbacksFailed = callbacksFailed;
        this.callbackTimes = callbackTimes;
    }

    void request() {
        requests.incrementAndGet();
    }

    void faulted() {
        faulted.incrementAndGet();
    }

    /** Also counted per wall-clock second: the combined rate several instances reach. */
    void answered201() {
        answered201.incrementAndGet();
        answeredPerSecond.computeIfAbsent(System.currentTimeMillis() / 1000, k -> new AtomicInteger()).incrementAndGet();
    }

    void created(Map<String, List<String>> form) {
        createdPerMessage.computeIfAbsent(key(form), k -> new AtomicInteger()).incrementAndGet();
    }

    /** How many times the message with this To and Body was created. */
    public int timesCreated(String to, String body) {
        AtomicInteger n = createdPerMessage.get(to + "\n" + body);
        return n == null ? 0 : n.get();
    }

    public void reset() {
        requests.set(0);
        answered201.set(0);
        faulted.set(0);
        createdPerMessage.clear();
        answeredPerSecond.clear();
        callbackTimes.reset();
    }

    /** The figures {@code GET /sandbox/stats} answers. */
    public Map<String, Object> snapshot() {
        long createdTwice = createdPerMessage.values().stream().filter(n -> n.get() > 1).count();
        long created = createdPerMessage.values().stream().mapToLong(AtomicInteger::get).sum();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("createRequests", requests.get());
        json.put("answered201", answered201.get());
        json.put("faultAnswers", faulted.get());
        json.put("created", created);
        json.put("distinctMessages", createdPerMessage.size());
        json.put("createdMoreThanOnce", createdTwice);
        json.put("callbacksFailed", callbacksFailed.getAsInt());
        json.put("callbackMs", callbackTimes.snapshot());
        json.put("peak201PerSecond", answeredPerSecond.values().stream().mapToInt(AtomicInteger::get).max().orElse(0));
        return json;
    }

    private static String key(Map<String, List<String>> form) {
        return first(form, "To") + "\n" + first(form, "Body");
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? "" : values.get(0);
    }
}
