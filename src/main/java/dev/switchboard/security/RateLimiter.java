package dev.switchboard.security;

import java.time.Clock;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests (or messages) per second per API key, as token buckets that hold one second's worth, or {@code burst} when
 * larger: a key may burst to that, then gets one permit per 1/rate seconds. Keys are only ever the digests of valid
 * keys, so the map stays small.
 */
public final class RateLimiter {

    private final double perSecond;
    private final double capacity;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** @param perSecond requests per second per key; 0 or less: no limit */
    public RateLimiter(double perSecond, Clock clock) {
        this(perSecond, 1, clock);
    }

    /**
     * @param perSecond permits per second per key; 0 or less: no limit
     * @param burst     the bucket holds at least this many permits, so one acquire of that many can always succeed
     */
    public RateLimiter(double perSecond, int burst, Clock clock) {
        this.perSecond = perSecond;
        this.capacity = Math.max(perSecond, burst);
        this.clock = clock;
    }

    /** Empty when the request may go ahead; otherwise the seconds to wait (at least 1), for Retry-After. */
    public OptionalLong acquire(String key) {
        return acquire(key, 1);
    }

    /**
     * Takes {@code permits} at once (a batch counted in messages), all or none: empty when they were taken, otherwise
     * the seconds until the bucket holds them (at least 1). More permits than the bucket holds are never granted.
     */
    public OptionalLong acquire(String key, int permits) {
        if (perSecond <= 0) {
            return OptionalLong.empty();
        }
        if (permits > capacity) {
            throw new IllegalArgumentException(permits + " permits asked of a bucket of " + capacity);
        }
        return buckets.computeIfAbsent(key, k -> new Bucket(capacity, clock.millis()))
                .take(perSecond, capacity, permits, clock.millis());
    }

    private static final class Bucket {
        private double tokens;
        private long lastMillis;

        Bucket(double capacity, long now) {
            this.tokens = capacity;
            this.lastMillis = now;
        }

        synchronized OptionalLong take(double perSecond, double capacity, int permits, long now) {
            tokens = Math.min(capacity, tokens + (now - lastMillis) * perSecond / 1000.0);
            lastMillis = now;
            if (tokens >= permits) {
                tokens -= permits;
                return OptionalLong.empty();
            }
            return OptionalLong.of(Math.max(1, (long) Math.ceil((permits - tokens) / perSecond)));
        }
    }
}
