package dev.switchboard.store;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SlotPlanTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    /** Sender = the message's from; A at 2/s, B at 10/s, account 8/s, horizon 1 s. */
    private static final Pacing PACING = new Pacing() {
        public String senderOf(StoredMessage m) {
            return m.from();
        }

        public double rateOf(String sender) {
            return "A".equals(sender) ? 2 : 10;
        }

        public double accountRate() {
            return 8;
        }

        public Duration horizon() {
            return Duration.ofSeconds(1);
        }

        public Duration lead() {
            return Duration.ZERO;
        }
    };

    private static List<StoredMessage> messages(String... senders) {
        return inLane("transactional", "m", senders);
    }

    private static List<StoredMessage> inLane(String priority, String idPrefix, String... senders) {
        List<StoredMessage> list = new ArrayList<>();
        for (int i = 0; i < senders.length; i++) {
            list.add(new StoredMessage(idPrefix + i, "sms", "+14155550100", senders[i], "b", null, 1, "GSM-7", "accepted",
                    null, "api", null, null, null, null, null, 0, null, NOW, NOW, NOW, priority, null, null,
                    null, null, false, null));
        }
        return list;
    }

    /** As {@link #PACING}, with bulk keeping {@code share} of each sender's slots; B at 10/s, account 100/s. */
    private static Pacing lanes(double share) {
        return pacing(10, 100, share);
    }

    /** Every sender at {@code rate}, the account at {@code account}, bulk keeping {@code share}; horizon 1 s. */
    private static Pacing pacing(double rate, double account, double share) {
        return new Pacing() {
            public String senderOf(StoredMessage m) {
                return m.from();
            }

            public double rateOf(String sender) {
                return rate;
            }

            public double accountRate() {
                return account;
            }

            public Duration horizon() {
                return Duration.ofSeconds(1);
            }

            public Duration lead() {
                return Duration.ZERO;
            }

            public double bulkMinShare() {
                return share;
            }
        };
    }

    private static List<String> ids(List<SlotPlan.Slotted> slots) {
        return slots.stream().map(s -> s.message().id()).toList();
    }

    private static List<Long> millis(List<SlotPlan.Slotted> slots, String sender) {
        return slots.stream().filter(s -> s.sender().equals(sender))
                .map(s -> Duration.between(NOW, s.at()).toMillis()).toList();
    }

    @Test
    void a_sender_is_spaced_by_its_own_interval_and_the_rest_is_deferred_to_its_turn() {
        SlotPlan plan = SlotPlan.plan(messages("A", "A", "A", "A", "A"), PACING, Map.of(), null, NOW);

        assertThat(millis(plan.claimed(), "A")).containsExactly(0L, 500L, 1000L);
        // Their turns are at 1.5 s and 2 s: they are looked at again one horizon (1 s) before.
        assertThat(millis(plan.deferred(), "A")).containsExactly(500L, 1000L);
        assertThat(plan.nextFree()).containsEntry("A", NOW.plusMillis(1500));
        assertThat(plan.accountNext()).isEqualTo(NOW.plusMillis(1125));
    }

    @Test
    void a_slow_senders_backlog_does_not_hold_up_a_fast_one_and_the_account_bounds_the_total() {
        SlotPlan plan = SlotPlan.plan(messages("A", "A", "A", "A", "B", "B", "B", "B", "B", "B", "B", "B", "B", "B"),
                PACING, Map.of(), null, NOW);

        List<Long> all = plan.claimed().stream().map(s -> Duration.between(NOW, s.at()).toMillis()).toList();
        // Account 8/s: one send every 125 ms, whoever sends; A never closer than 500 ms to itself.
        assertThat(all).containsExactly(0L, 125L, 250L, 375L, 500L, 625L, 750L, 875L, 1000L);
        List<Long> a = millis(plan.claimed(), "A");
        assertThat(a).hasSize(2);
        assertThat(a.get(1) - a.get(0)).isGreaterThanOrEqualTo(500L);
        assertThat(millis(plan.claimed(), "B")).hasSize(7);
        assertThat(plan.deferred()).hasSize(5);
    }

    @Test
    void stored_next_free_times_carry_over_between_claims() {
        SlotPlan plan = SlotPlan.plan(messages("A", "B"), PACING,
                Map.of("A", NOW.plusMillis(800), "B", NOW.minusSeconds(5)), NOW.plusMillis(100), NOW);

        assertThat(millis(plan.claimed(), "B")).containsExactly(100L);
        assertThat(millis(plan.claimed(), "A")).containsExactly(800L);
    }

    @Test
    void nothing_is_claimed_while_a_sender_is_held_past_the_horizon() {
        SlotPlan plan = SlotPlan.plan(messages("A", "A"), PACING, Map.of("A", NOW.plusSeconds(30)), null, NOW);

        assertThat(plan.claimed()).isEmpty();
        assertThat(millis(plan.deferred(), "A")).containsExactly(29_000L, 29_500L);
    }

    @Test
    void the_interval_is_rounded_up_so_the_rate_is_never_exceeded() {
        assertThat(SlotPlan.interval(3)).isEqualTo(Duration.ofNanos(333_333_334));
        assertThat(SlotPlan.interval(225).toNanos() * 225).isGreaterThanOrEqualTo(1_000_000_000L);
    }

    @Test
    void transactional_messages_take_the_senders_next_slots_before_older_bulk_ones() {
        List<StoredMessage> due = new ArrayList<>(inLane("bulk", "b", "B", "B", "B", "B", "B"));
        due.addAll(inLane("transactional", "t", "B", "B"));

        SlotPlan plan = SlotPlan.plan(due, lanes(0), Map.of(), null, NOW);

        assertThat(ids(plan.claimed())).startsWith("t0", "t1").hasSize(7);
        assertThat(millis(plan.claimed(), "B")).startsWith(0L, 100L);
    }

    @Test
    void while_transactional_messages_wait_bulk_keeps_its_minimum_share_of_slots_from_one_plan_to_the_next() {
        Map<String, Double> credit = new HashMap<>();
        List<String> order = new ArrayList<>();
        Map<String, Instant> next = new HashMap<>();
        Instant now = NOW;
        for (int poll = 0; poll < 10; poll++) { // 10 plans of up to 11 slots each (1 s at 10/s, both ends)
            List<StoredMessage> due = new ArrayList<>(inLane("transactional", "t" + poll + "-", repeat("B", 20)));
            due.addAll(inLane("bulk", "b" + poll + "-", repeat("B", 20)));
            SlotPlan plan = SlotPlan.plan(due, lanes(0.1), next, null, now, credit);
            order.addAll(ids(plan.claimed()));
            next = plan.nextFree();
            now = now.plusSeconds(1);
        }
        long bulk = order.stream().filter(id -> id.startsWith("b")).count();
        assertThat(order).hasSizeGreaterThanOrEqualTo(100);
        assertThat((double) bulk / order.size()).as("bulk's share while transactional waits").isBetween(0.09, 0.11);
        assertThat(order.get(0)).startsWith("t");
    }

    @Test
    void with_no_share_bulk_waits_for_every_transactional_message() {
        List<StoredMessage> due = new ArrayList<>(inLane("transactional", "t", repeat("B", 30)));
        due.addAll(inLane("bulk", "b", repeat("B", 5)));

        SlotPlan plan = SlotPlan.plan(due, lanes(0), Map.of(), null, NOW);

        assertThat(ids(plan.claimed())).allMatch(id -> id.startsWith("t"));
        assertThat(ids(plan.deferred())).endsWith("b0", "b1", "b2", "b3", "b4");
    }

    /**
     * Successive claims as the outbox makes them (a poll every 200 ms reads what is due, transactional first, then
     * bulk in due order, up to 100 rows), at 1/s: 200 bulk rows, then a transactional message every 5 s. Each must
     * be claimed for a slot within the horizon plus one interval of its arrival. When deferred rows came due only at
     * their turn, the bulk rows deferred by the first claim were always due first and the transactional ones waited
     * behind every one of them (about 100 s).
     */
    @Test
    void over_successive_claims_a_transactional_message_is_not_held_behind_bulk_rows_deferred_earlier() {
        Pacing slow = pacing(1, 1, 0.1);
        Map<String, Instant> lookAt = new HashMap<>();
        Map<String, StoredMessage> rows = new HashMap<>();
        for (StoredMessage m : inLane("bulk", "b", repeat("S", 200))) {
            rows.put(m.id(), m);
            lookAt.put(m.id(), NOW);
        }
        Map<String, Instant> arrived = new HashMap<>();
        Map<String, Instant> slotOf = new HashMap<>();
        Map<String, Double> credit = new HashMap<>();
        Map<String, Instant> next = new HashMap<>();
        Instant account = null;
        for (int poll = 0; poll < 5 * 60; poll++) { // 60 s
            Instant now = NOW.plusMillis(200L * poll);
            if (poll > 0 && poll % 25 == 0 && poll <= 250) { // every 5 s, ten of them
                StoredMessage tx = inLane("transactional", "t" + poll + "-", "S").get(0);
                rows.put(tx.id(), tx);
                lookAt.put(tx.id(), now);
                arrived.put(tx.id(), now);
            }
            List<StoredMessage> due = rows.values().stream().filter(m -> !lookAt.get(m.id()).isAfter(now))
                    .sorted(java.util.Comparator.comparing((StoredMessage m) -> "bulk".equals(m.priority()))
                            .thenComparing(m -> lookAt.get(m.id())).thenComparing(StoredMessage::id))
                    .limit(100).toList();
            if (due.isEmpty()) {
                continue;
            }
            SlotPlan plan = SlotPlan.plan(due, slow, next, account, now, credit);
            for (SlotPlan.Slotted c : plan.claimed()) {
                rows.remove(c.message().id());
                slotOf.put(c.message().id(), c.at());
            }
            plan.deferred().forEach(d -> lookAt.put(d.message().id(), d.at()));
            next = new HashMap<>(plan.nextFree());
            account = plan.accountNext();
        }
        assertThat(arrived).hasSize(10);
        for (Map.Entry<String, Instant> a : arrived.entrySet()) {
            Instant slot = slotOf.get(a.getKey());
            assertThat(slot).as(a.getKey() + " claimed").isNotNull();
            assertThat(Duration.between(a.getValue(), slot)).as(a.getKey() + ": from arrival to its slot")
                    .isLessThanOrEqualTo(Duration.ofMillis(2_000));
        }
    }

    private static String[] repeat(String sender, int n) {
        String[] senders = new String[n];
        java.util.Arrays.fill(senders, sender);
        return senders;
    }
}
