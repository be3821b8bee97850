package dev.switchboard.security;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Throttles guessing at API keys: a client address that sent {@code limit} wrong or missing keys within the window is
 * answered 429 (with Retry-After, until its oldest counted failure leaves the window) before any key is checked.
 * Behind a reverse proxy every client has the proxy's address: set the limit for that, or 0 (off).
 */
public final class FailedKeyGuard {

    /** At most this many addresses are remembered; those with no failure left in the window are forgotten first. */
    private static final int MAX_ADDRESSES = 10_000;

    private final int limit;
    private final long windowMillis;
    private final Clock clock;
    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();
    private volatile long lastPurge;

    /** @param limit failures per address within {@code windowMillis}; 0 or less: off */
    public FailedKeyGuard(int limit, long windowMillis, Clock clock) {
        this.limit = limit;
        this.windowMillis = windowMillis;
        this.clock = clock;
    }

    /** Empty when the address may try a key; otherwise the seconds to wait (at least 1). */
    public OptionalLong blocked(String address) {
        Deque<Long> times = limit <= 0 ? null : failures.get(address);
        if (times == null) {
            return OptionalLong.empty();
        }
        long now = clock.millis();
        synchronized (times) {
            expire(times, now);
            if (times.size() < limit) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(Math.max(1, (times.peekFirst() + windowMillis - now + 999) / 1000));
        }
    }

    /** Counts a wrong or missing key from this address. */
    public void failed(String address) {
        if (limit <= 0) {
            return;
        }
        long now = clock.millis();
        if (failures.size() >= MAX_ADDRESSES && !failures.containsKey(address)) {
            if (now - lastPurge >= 1_000) {
                lastPurge = now;
                failures.values().removeIf(times -> {
                    synchronized (times) {
                        expire(times, now);
                        return times.isEmpty();
                    }
                });
            }
            if (failures.size() >= MAX_ADDRESSES) {
                return; // full of recent failures from as many addresses: a spray no per-address limit stops
            }
        }
        Deque<Long> times = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        synchronized (times) {
            expire(times, now);
            times.addLast(now);
            while (times.size() > limit) {
                times.removeFirst();
            }
        }
    }

    /** Addresses with failures remembered (a bound on memory, for tests). */
    int addresses() {
        return failures.size();
    }

    private void expire(Deque<Long> times, long now) {
        while (!times.isEmpty() && times.peekFirst() <= now - windowMillis) {
            times.removeFirst();
        }
    }
}
