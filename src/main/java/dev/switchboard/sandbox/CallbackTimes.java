package dev.switchboard.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How long the receiver took to answer each status callback, in whole milliseconds (up to a minute, longer ones in the
 * last bucket): bench/'s callback latency under load, read from {@code GET /sandbox/stats} and cleared by its reset.
 */
final class CallbackTimes {

    private static final int BUCKETS = 60_001;
    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    void record(long nanos) {
        counts.incrementAndGet((int) Math.min(BUCKETS - 1, Math.max(0, nanos / 1_000_000)));
    }

    void reset() {
        for (int i = 0; i < BUCKETS; i++) {
            counts.set(i, 0);
        }
    }

    /** {@code count, p50, p99, p999, max} in ms (the bucket's lower bound: 3 means 3.0 to 3.999 ms). */
    Map<String, Object> snapshot() {
        long[] copy = new long[BUCKETS];
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            copy[i] = counts.get(i);
            total += copy[i];
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("count", total);
        json.put("p50", percentile(copy, total, 0.50));
        json.put("p99", percentile(copy, total, 0.99));
        json.put("p999", percentile(copy, total, 0.999));
        int max = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (copy[i] > 0) {
                max = i;
            }
        }
        json.put("max", max);
        return json;
    }

    private static int percentile(long[] counts, long total, double q) {
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank && seen > 0) {
                return i;
            }
        }
        return 0;
    }
}
