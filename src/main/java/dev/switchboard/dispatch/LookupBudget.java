package dev.switchboard.dispatch;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * How many reconciliation lookups (Twilio list requests) may run: at most {@code concurrency} at once and
 * {@code perSecond} started per second, per instance. Never waits: a claim that finds no room is released and
 * tries again shortly (docs/retries.md). Without it, an outage that leaves thousands of messages ambiguous
 * turns into thousands of list requests at once, which time out, which leave more messages ambiguous.
 */
public final class LookupBudget {

    /** A lookup's place in the budget; close it when the lookup is over. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private final Semaphore running;
    private final long intervalNanos;
    private final AtomicLong nextStart;
    private final LongSupplier nanoTime;
    private final Duration retryDelay;

    public LookupBudget(int concurrency, double perSecond, Duration retryDelay) {
        this(concurrency, perSecond, retryDelay, System::nanoTime);
    }

    LookupBudget(int concurrency, double perSecond, Duration retryDelay, LongSupplier nanoTime) {
        if (concurrency < 1 || !(perSecond > 0)) {
            throw new IllegalArgumentException("switchboard.reconcile.lookup-concurrency must be at least 1 and"
                    + " switchboard.reconcile.lookups-per-second above 0, were " + concurrency + " and " + perSecond);
        }
        this.running = new Semaphore(concurrency);
        this.intervalNanos = Math.max(1, Math.round(1_000_000_000d / perSecond));
        this.nanoTime = nanoTime;
        this.nextStart = new AtomicLong(nanoTime.getAsLong());
        this.retryDelay = retryDelay;
    }

    /** A permit, or null when the budget is spent right now (the caller defers its lookup). */
    public Permit tryAcquire() {
        if (!running.tryAcquire()) {
            return null;
        }
        long now = nanoTime.getAsLong();
        while (true) {
            long next = nextStart.get();
            if (now - next < 0) {
                running.release();
                return null;
            }
            // No credit for idle time: starts are spaced by the interval from the later of now and the last start.
            if (nextStart.compareAndSet(next, now + intervalNanos)) {
                return running::release;
            }
        }
    }

    /** When a deferred lookup should be tried again: the retry delay plus up to as much again of jitter. */
    public Duration deferral() {
        long ms = retryDelay.toMillis();
        return Duration.ofMillis(ms + ThreadLocalRandom.current().nextLong(ms + 1));
    }
}
