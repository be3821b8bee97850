package dev.switchboard.dispatch;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * How many reconciliation lookups (Twilio list requests) may run: at most {@code concurrency} at once and
 * {@code perSecond} started per second, per instance. A lookup takes the next free start time if it is no further
 * ahead than {@code concurrency - 1} starts (and the retry delay), and waits for it; a claim that finds no room is
 * released and tries again shortly (docs/retries.md). Without it, an outage that leaves thousands of messages
 * ambiguous turns into thousands of list requests at once, which time out, which leave more messages ambiguous.
 * Starts are not spaced one interval from the last: the claims of one poll arrive together and would go one per poll.
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
    private final LongConsumer sleep;
    private final long horizonNanos;
    private final Duration retryDelay;

    public LookupBudget(int concurrency, double perSecond, Duration retryDelay) {
        this(concurrency, perSecond, retryDelay, System::nanoTime, LookupBudget::sleep);
    }

    LookupBudget(int concurrency, double perSecond, Duration retryDelay, LongSupplier nanoTime, LongConsumer sleep) {
        if (concurrency < 1 || !(perSecond > 0)) {
            throw new IllegalArgumentException("switchboard.reconcile.lookup-concurrency must be at least 1 and"
                    + " switchboard.reconcile.lookups-per-second above 0, were " + concurrency + " and " + perSecond);
        }
        this.running = new Semaphore(concurrency);
        this.intervalNanos = Math.max(1, Math.round(1_000_000_000d / perSecond));
        this.nanoTime = nanoTime;
        this.sleep = sleep;
        this.horizonNanos = Math.min(intervalNanos * (concurrency - 1), retryDelay.toNanos());
        this.nextStart = new AtomicLong(nanoTime.getAsLong());
        this.retryDelay = retryDelay;
    }

    /**
     * A permit, once its start time has come (waiting at most {@code concurrency - 1} intervals), or null when the
     * budget is spent for that long (the caller defers its lookup).
     */
    public Permit tryAcquire() {
        if (!running.tryAcquire()) {
            return null;
        }
        long now = nanoTime.getAsLong();
        while (true) {
            long next = nextStart.get();
            // No credit for idle time: starts are spaced by the interval from the later of now and the last start.
            long start = next - now > 0 ? next : now;
            if (start - now > horizonNanos) {
                running.release();
                return null;
            }
            if (nextStart.compareAndSet(next, start + intervalNanos)) {
                if (start - now > 0) {
                    try {
                        sleep.accept(start - now);
                    } catch (RuntimeException e) {
                        running.release();
                        return null;
                    }
                }
                return running::release;
            }
        }
    }

    private static void sleep(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for a lookup start", e);
        }
    }

    /** When a deferred lookup should be tried again: the retry delay plus up to as much again of jitter. */
    public Duration deferral() {
        long ms = retryDelay.toMillis();
        return Duration.ofMillis(ms + ThreadLocalRandom.current().nextLong(ms + 1));
    }
}
