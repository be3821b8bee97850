package dev.switchboard.jms;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.TreeMap;

/** Keeps a feed from passing a row id that may still be committing, until it has been missing for a grace period. */
public final class GapGuard {

    // Ids come from a sequence and transactions commit out of order: an id missing below a committed one
    // is usually a transaction still in flight, so the feed stops there. One missing for longer than the
    // grace period was rolled back (a sequence never reuses it) and is passed over.

    private final Duration grace;
    private final Clock clock;
    /** First id of each gap seen, and when it was first seen. */
    private final TreeMap<Long, Instant> gaps = new TreeMap<>();

    public GapGuard(Duration grace, Clock clock) {
        this.grace = grace;
        this.clock = clock;
    }

    /**
     * How many of {@code ids} (ascending, all above {@code cursor}) may be published now: those up to
     * the first gap that is younger than the grace period.
     */
    public synchronized int publishable(long cursor, List<Long> ids) {
        Instant now = clock.instant();
        Set<Long> seen = new HashSet<>();
        long expected = cursor + 1;
        int ready = ids.size();
        for (int i = 0; i < ids.size(); i++) {
            long id = ids.get(i);
            if (id > expected) {
                seen.add(expected);
                Instant since = gaps.computeIfAbsent(expected, k -> now);
                if (ready == ids.size() && since.plus(grace).isAfter(now)) {
                    ready = i; // keep timing the later gaps too, so each waits only once
                }
            }
            expected = id + 1;
        }
        long last = expected - 1;
        // Forget gaps the cursor passed and gaps that were filled.
        gaps.keySet().removeIf(start -> start <= cursor || (start <= last && !seen.contains(start)));
        return ready;
    }

    /** For tests and logs: the gaps being waited for. */
    synchronized Map<Long, Instant> pending() {
        return Map.copyOf(gaps);
    }
}
