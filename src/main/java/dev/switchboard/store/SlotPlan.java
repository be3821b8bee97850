package dev.switchboard.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Send times for a batch of due messages, GCRA-style: each sender and the account have a next free
 * time; a message takes the later of the two (or now) and pushes both on by one interval (1 / rate).
 * Senders ready soonest go first, so a slow sender's backlog never holds up the others; messages
 * whose time would fall beyond the horizon are not claimed but deferred to about when their turn comes.
 */
public record SlotPlan(List<Slotted> claimed, List<Slotted> deferred, Map<String, Instant> nextFree,
                       Instant accountNext) {

    /** A message, its sender, and when it is sent (claimed) or next looked at (deferred). */
    public record Slotted(StoredMessage message, String sender, Instant at) {
    }

    public static SlotPlan plan(List<StoredMessage> due, Pacing pacing, Map<String, Instant> nextFree,
                                Instant accountNext, Instant now) {
        Map<String, Deque<StoredMessage>> queues = new LinkedHashMap<>();
        for (StoredMessage m : due) {
            queues.computeIfAbsent(pacing.senderOf(m), k -> new ArrayDeque<>()).add(m);
        }
        Map<String, Instant> next = new HashMap<>();
        queues.keySet().forEach(s -> next.put(s, later(now, nextFree.get(s))));
        Instant account = later(now, accountNext);
        Instant limit = now.plus(pacing.horizon());
        Duration accountInterval = interval(pacing.accountRate());
        List<Slotted> claimed = new ArrayList<>();
        while (true) {
            String sender = soonest(queues, next);
            if (sender == null) {
                break;
            }
            Instant slot = later(next.get(sender), account);
            if (slot.isAfter(limit)) {
                break;
            }
            claimed.add(new Slotted(queues.get(sender).poll(), sender, slot));
            next.put(sender, slot.plus(interval(pacing.rateOf(sender))));
            account = slot.plus(accountInterval);
        }
        List<Slotted> deferred = new ArrayList<>();
        for (Map.Entry<String, Deque<StoredMessage>> e : queues.entrySet()) {
            Duration step = interval(pacing.rateOf(e.getKey()));
            Instant at = later(next.get(e.getKey()), account);
            for (StoredMessage m : e.getValue()) {
                deferred.add(new Slotted(m, e.getKey(), at));
                at = at.plus(step);
            }
        }
        return new SlotPlan(claimed, deferred, next, account);
    }

    /** The time between two sends at {@code rate} per second, rounded up so the rate is never exceeded. */
    public static Duration interval(double rate) {
        return Duration.ofNanos((long) Math.ceil(1_000_000_000d / rate));
    }

    private static String soonest(Map<String, Deque<StoredMessage>> queues, Map<String, Instant> next) {
        String best = null;
        for (Map.Entry<String, Deque<StoredMessage>> e : queues.entrySet()) {
            if (!e.getValue().isEmpty() && (best == null || next.get(e.getKey()).isBefore(next.get(best)))) {
                best = e.getKey();
            }
        }
        return best;
    }

    private static Instant later(Instant a, Instant b) {
        return b == null || a.isAfter(b) ? a : b;
    }
}
