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
 * whose time would fall beyond the horizon are not claimed but deferred until their turn is within the horizon.
 * Transactional messages go before bulk ones (issue 15): see {@link #plan(List, Pacing, Map, Instant, Instant, Map)}.
 */
public record SlotPlan(List<Slotted> claimed, List<Slotted> deferred, Map<String, Instant> nextFree,
                       Instant accountNext) {

    /** A message, its sender, and when it is sent (claimed) or next looked at (deferred: a horizon before its turn). */
    public record Slotted(StoredMessage message, String sender, Instant at) {
    }

    public static SlotPlan plan(List<StoredMessage> due, Pacing pacing, Map<String, Instant> nextFree,
                                Instant accountNext, Instant now) {
        return plan(due, pacing, nextFree, accountNext, now, new HashMap<>());
    }

    /**
     * As above, in two lanes: a sender's transactional messages take its slots before its bulk ones, and among
     * senders due at the same time (the account's rate binding) those with transactional messages go first. While
     * transactional messages wait, bulk still takes {@link Pacing#bulkMinShare()} of each sender's slots:
     * {@code bulkCredit} (per sender, kept by the caller from one plan to the next) grows with each slot a
     * transactional message takes while bulk waits, and a bulk message takes the slot when it reaches 1.
     */
    public static SlotPlan plan(List<StoredMessage> due, Pacing pacing, Map<String, Instant> nextFree,
                                Instant accountNext, Instant now, Map<String, Double> bulkCredit) {
        Map<String, Lanes> queues = new LinkedHashMap<>();
        for (StoredMessage m : due) {
            queues.computeIfAbsent(pacing.senderOf(m), k -> new Lanes()).add(m);
        }
        Map<String, Instant> next = new HashMap<>();
        queues.keySet().forEach(s -> next.put(s, later(now, nextFree.get(s))));
        Instant account = later(now, accountNext);
        Instant limit = now.plus(pacing.horizon());
        Duration accountInterval = interval(pacing.accountRate());
        double share = pacing.bulkMinShare();
        double creditPerSlot = share <= 0 ? 0 : share / (1 - share);
        List<Slotted> claimed = new ArrayList<>();
        while (true) {
            String sender = soonest(queues, next, account);
            if (sender == null) {
                break;
            }
            Instant slot = later(next.get(sender), account);
            if (slot.isAfter(limit)) {
                break;
            }
            Lanes lanes = queues.get(sender);
            double credit = bulkCredit.getOrDefault(sender, 0d);
            StoredMessage m;
            if (lanes.transactional.isEmpty() || (!lanes.bulk.isEmpty() && credit >= 1)) {
                m = lanes.bulk.poll();
                if (!lanes.transactional.isEmpty()) {
                    bulkCredit.put(sender, credit - 1); // its turn, taken from a waiting transactional message
                }
            } else {
                m = lanes.transactional.poll();
                if (!lanes.bulk.isEmpty()) {
                    bulkCredit.put(sender, Math.min(1, credit + creditPerSlot));
                }
            }
            claimed.add(new Slotted(m, sender, slot));
            next.put(sender, slot.plus(interval(pacing.rateOf(sender))));
            account = slot.plus(accountInterval);
        }
        // A deferred message is looked at again one horizon before its turn: the claim that plans its turn must read
        // it. Looked at only at its turn, a transactional message found that turn given to the bulk rows deferred
        // earlier (already due), was deferred again, and waited behind every one of them (100 s at 1/s).
        List<Slotted> deferred = new ArrayList<>();
        for (Map.Entry<String, Lanes> e : queues.entrySet()) {
            Duration step = interval(pacing.rateOf(e.getKey()));
            Instant turn = later(next.get(e.getKey()), account);
            for (Deque<StoredMessage> lane : List.of(e.getValue().transactional, e.getValue().bulk)) {
                for (StoredMessage m : lane) {
                    deferred.add(new Slotted(m, e.getKey(), later(turn.minus(pacing.horizon()), now)));
                    turn = turn.plus(step);
                }
            }
        }
        return new SlotPlan(claimed, deferred, next, account);
    }

    /** One sender's due messages, transactional and bulk apart, each oldest due first. */
    private static final class Lanes {
        final Deque<StoredMessage> transactional = new ArrayDeque<>();
        final Deque<StoredMessage> bulk = new ArrayDeque<>();

        void add(StoredMessage m) {
            ("bulk".equals(m.priority()) ? bulk : transactional).add(m);
        }

        boolean isEmpty() {
            return transactional.isEmpty() && bulk.isEmpty();
        }
    }

    /** The time between two sends at {@code rate} per second, rounded up so the rate is never exceeded. */
    public static Duration interval(double rate) {
        return Duration.ofNanos((long) Math.ceil(1_000_000_000d / rate));
    }

    /**
     * The sender whose next slot comes first; at the same time (the account's rate binding), one with transactional
     * messages waiting, then the one that has waited longest for its own next slot.
     */
    private static String soonest(Map<String, Lanes> queues, Map<String, Instant> next, Instant account) {
        String best = null;
        Instant bestAt = null;
        for (Map.Entry<String, Lanes> e : queues.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            String s = e.getKey();
            Instant at = later(next.get(s), account);
            boolean better;
            if (best == null || at.isBefore(bestAt)) {
                better = true;
            } else if (!at.equals(bestAt)) {
                better = false;
            } else {
                boolean tx = !e.getValue().transactional.isEmpty();
                boolean bestTx = !queues.get(best).transactional.isEmpty();
                better = tx != bestTx ? tx : next.get(s).isBefore(next.get(best));
            }
            if (better) {
                best = s;
                bestAt = at;
            }
        }
        return best;
    }

    private static Instant later(Instant a, Instant b) {
        return b == null || a.isAfter(b) ? a : b;
    }
}
