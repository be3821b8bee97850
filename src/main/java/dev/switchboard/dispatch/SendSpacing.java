package dev.switchboard.dispatch;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The last guard before Twilio: this instance's requests leave at the account rate, and never more than
 * {@code ceil(rate)} of them in any one second. On time, messages are already that far apart (the send schedule);
 * this spaces out a backlog that built up when the send stage fell behind, which would otherwise leave in a burst.
 *
 * <p>Requests pass one at a time (a fair lock) on a cadence one interval apart. A request that passes late (a
 * thread that woke late, a GC pause) does not move the cadence: the requests after it catch up, at most twice as
 * fast and never more than {@code ceil(rate)} in any one second (the last that many departures are kept), so the
 * rate loses nothing to lateness. Further behind than the credit (a tenth of a second, or half an interval at low
 * rates: an idle gate, not a late one), the cadence starts afresh from now. A window of exactly the rate leaves
 * one request of room under the "rate + 1 in any second" bound for what happens between this gate and the wire
 * (a request that passed just before a GC pause leaves just after it).
 * Designs tried before this one, and what they cost: bench/throttle/README.md.
 */
public final class SendSpacing {

    /** Sleeps a number of nanoseconds (the test's clock moves instead). */
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private static final long SECOND = 1_000_000_000L;
    private static final long MAX_CREDIT = 100_000_000L;

    private final long intervalNanos;
    private final long creditNanos;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final ReentrantLock gate = new ReentrantLock(true);
    /** The last {@code ceil(rate)} departures, oldest at {@code next} once full. */
    private final long[] recent;
    private int next;
    /** Departures so far, counted up to {@code recent.length}. */
    private int departures;
    private volatile long turn;
    private long last;

    public SendSpacing(double accountRate) {
        this(accountRate, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    SendSpacing(double accountRate, LongSupplier nanoTime, Sleeper sleeper) {
        if (!(accountRate > 0)) {
            throw new IllegalArgumentException("switchboard.rate.mps must be above 0, was " + accountRate);
        }
        this.intervalNanos = (long) Math.ceil(SECOND / accountRate);
        this.creditNanos = Math.max(intervalNanos / 2, MAX_CREDIT);
        this.recent = new long[(int) Math.max(1, Math.ceil(accountRate))];
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /**
     * How much longer than one interval a request arriving now would wait: for the requests queued at the gate, one
     * interval each, and for the cadence's next turn. On time that is nothing (the next turn is at most an interval
     * away and nobody queues). Read without the lock: a moment's value.
     */
    public long backlogNanos() {
        long ahead = departures == 0 ? 0 : Math.max(0, turn + intervalNanos - nanoTime.getAsLong());
        return Math.max(0, gate.getQueueLength() * intervalNanos + ahead - intervalNanos);
    }

    /** Returns once this request may leave. */
    public void await() throws InterruptedException {
        gate.lockInterruptibly();
        try {
            long now = nanoTime.getAsLong();
            if (departures == 0 || now - (turn + intervalNanos) > creditNanos) {
                turn = now - intervalNanos; // idle, or hopelessly behind: the cadence starts from now
            }
            long due = turn + intervalNanos;
            long earliest = due;
            if (departures > 0) {
                earliest = Math.max(earliest, last + intervalNanos / 2);
            }
            if (departures >= recent.length) {
                earliest = Math.max(earliest, recent[next] + SECOND); // the oldest kept has left the window
            }
            for (long wait = earliest - now; wait > 0; wait = earliest - now) {
                sleeper.sleep(wait);
                now = nanoTime.getAsLong();
            }
            turn = due;
            last = now;
            recent[next] = now;
            next = (next + 1) % recent.length;
            departures = Math.min(departures + 1, recent.length);
        } finally {
            gate.unlock();
        }
    }
}
