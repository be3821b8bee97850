package dev.switchboard.security;

import java.time.Clock;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests per second per API key, as token buckets that hold one second's worth: a key may burst to its rate, then
 * gets one request per 1/rate seconds. Keys are only ever the digests of valid keys, so the map stays small.
 */
public final class RateLimiter {

    private final double perSecond;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** @param perSecond requests per second per key; 0 or less: no limit */
    public RateLimiter(double perSecond, Clock clock) {
        this.perSecond = perSecond;
        this.clock = clock;
    }

    /** Empty when the request may go ahead; otherwise the seconds to wait (at least 1), for Retry-After. */
    public OptionalLong acquire(String key) {
        if (perSecond <= 0) {
            return OptionalLong.empty();
        }
        return buckets.computeIfAbsent(key, k -> new Bucket(perSecond, clock.millis())).take(perSecond, clock.millis());
    }

    private static final class Bucket {
        private double tokens;
        private long lastMillis;

        Bucket(double capacity, long now) {
            this.tokens = capacity;
            this.lastMillis = now;
        }

        synchronized OptionalLong take(double perSecond, long now) {
            tokens = Math.min(perSecond, tokens + (now - lastMillis) * perSecond / 1000.0);
            lastMillis = now;
            if (tokens >= 1) {
                tokens -= 1;
                return OptionalLong.empty();
            }
            return OptionalLong.of(Math.max(1, (long) Math.ceil((1 - tokens) / perSecond)));
        }
    }
}
