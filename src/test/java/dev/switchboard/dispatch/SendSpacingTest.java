package dev.switchboard.dispatch;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class SendSpacingTest {

    private static final long MS = 1_000_000L;

    @Test
    void a_burst_from_many_threads_leaves_one_interval_apart() throws Exception {
        SendSpacing spacing = new SendSpacing(100); // 10 ms
        List<Long> left = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    spacing.await();
                    left.add(System.nanoTime());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            t.start();
            threads.add(t);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }

        List<Long> sorted = new ArrayList<>(left);
        Collections.sort(sorted);
        assertThat(sorted).hasSize(20);
        // On a cadence of 10 ms: the burst spans 19 intervals, less a little recording jitter.
        assertThat(sorted.get(19) - sorted.get(0)).isGreaterThanOrEqualTo(19 * 10 * MS - 2 * MS);
    }

    @Test
    void a_request_that_wakes_a_little_late_keeps_the_cadence() throws Exception {
        AtomicLong clock = new AtomicLong(1_000 * MS);
        // Every sleep oversleeps by 4 ms: the gate must not lose those 4 ms per request.
        SendSpacing spacing = new SendSpacing(100, clock::get, nanos -> clock.addAndGet(nanos + 4 * MS));

        List<Long> left = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            spacing.await();
            left.add(clock.get());
        }

        // 100 intervals of 10 ms: 1 s (plus the last one's 4 ms of lateness), not 1.4 s.
        assertThat(left.get(100) - left.get(0)).isEqualTo(1_000 * MS + 4 * MS);
    }

    @Test
    void a_request_far_behind_its_turn_restarts_the_cadence_rather_than_letting_a_burst_through() throws Exception {
        AtomicLong clock = new AtomicLong(1_000 * MS);
        SendSpacing spacing = new SendSpacing(100, clock::get, nanos -> clock.addAndGet(nanos));
        spacing.await(); // turn at 1000 ms

        clock.addAndGet(500 * MS); // nobody for half a second
        spacing.await(); // 490 ms behind its turn, past the 100 ms credit: leaves at once, the cadence restarts
        long restarted = clock.get();
        spacing.await();

        assertThat(clock.get() - restarted).as("no catching up on half a second of idleness").isEqualTo(10 * MS);
    }

    @Test
    void after_a_pause_the_requests_catch_up_at_twice_the_rate_and_the_second_still_holds_the_rate() throws Exception {
        AtomicLong clock = new AtomicLong(1_000 * MS);
        SendSpacing spacing = new SendSpacing(100, clock::get, nanos -> clock.addAndGet(nanos));
        List<Long> left = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            if (i == 150) {
                clock.addAndGet(30 * MS); // a GC pause: three turns missed
            }
            spacing.await();
            left.add(clock.get());
        }

        assertThat(left.get(151) - left.get(150)).as("catching up").isEqualTo(5 * MS);
        // Back on the cadence within a few requests: 300 requests in 299 intervals, nothing lost to the pause.
        assertThat(left.get(299) - left.get(0)).isEqualTo(2_990 * MS);
        assertThat(busiest(left)).isLessThanOrEqualTo(100);
    }

    @Test
    void late_wake_ups_and_pauses_cost_the_rate_less_than_one_percent() throws Exception {
        for (double rate : new double[] {3, 80, 225}) {
            Random random = new Random(7);
            AtomicLong clock = new AtomicLong(0);
            long interval = (long) Math.ceil(1e9 / rate);
            // Every sleep oversleeps by up to 1 ms (or a third of an interval); now and then a pause of up to 40 ms.
            long oversleep = Math.min(interval / 3, MS);
            SendSpacing spacing = new SendSpacing(rate, clock::get,
                    nanos -> clock.addAndGet(nanos + (long) (random.nextDouble() * oversleep)));
            List<Long> left = new ArrayList<>();
            for (int i = 0; i <= rate * 60; i++) {
                if (random.nextInt(200) == 0) {
                    clock.addAndGet((long) (random.nextDouble() * 40 * MS));
                }
                spacing.await();
                left.add(clock.get());
            }
            double achieved = (left.size() - 1) * 1e9 / (left.get(left.size() - 1) - left.get(0));
            assertThat(achieved / rate).as("achieved %.2f at %s/s", achieved, rate).isBetween(0.99, 1.0);
            assertThat(busiest(left)).as("busiest second at %s/s", rate).isLessThanOrEqualTo((int) Math.ceil(rate));
        }
    }

    @Test
    void whatever_the_lateness_no_one_second_window_holds_more_than_rate_plus_one() throws Exception {
        for (double rate : new double[] {1, 3, 80, 225}) {
            Random random = new Random(42);
            AtomicLong clock = new AtomicLong(0);
            long interval = (long) Math.ceil(1e9 / rate);
            // Oversleeps of 0 to 1.5 intervals, and arrivals that sometimes come late to the gate.
            SendSpacing spacing = new SendSpacing(rate, clock::get,
                    nanos -> clock.addAndGet(nanos + (long) (random.nextDouble() * 1.5 * interval)));
            List<Long> left = new ArrayList<>();
            for (int i = 0; i < rate * 60; i++) {
                if (random.nextInt(10) == 0) {
                    clock.addAndGet((long) (random.nextDouble() * 2 * interval));
                }
                spacing.await();
                left.add(clock.get());
            }
            assertThat(busiest(left)).as("busiest second at %s/s", rate).isLessThanOrEqualTo((int) rate + 1);
        }
    }

    /** The most departures in any one-second window. */
    private static int busiest(List<Long> left) {
        int busiest = 0;
        for (int first = 0, last = 0; last < left.size(); last++) {
            while (left.get(last) - left.get(first) >= 1_000_000_000L) {
                first++;
            }
            busiest = Math.max(busiest, last - first + 1);
        }
        return busiest;
    }

    @Test
    void the_backlog_is_what_a_request_arriving_now_would_wait_for_the_requests_queued_at_the_gate() throws Exception {
        AtomicLong clock = new AtomicLong(1_000 * MS);
        SendSpacing spacing = new SendSpacing(100, clock::get, nanos -> clock.addAndGet(nanos));
        assertThat(spacing.backlogNanos()).as("idle").isZero();
        spacing.await();
        assertThat(spacing.backlogNanos()).as("right after a departure, the next turn is an interval away: on time")
                .isZero();
        clock.addAndGet(50 * MS);
        assertThat(spacing.backlogNanos()).as("behind its cadence, nothing waits").isZero();

        // Five threads queued behind one that holds the gate (a frozen clock: its sleep never ends).
        AtomicLong frozen = new AtomicLong(1_000 * MS);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        SendSpacing held = new SendSpacing(100, frozen::get, nanos -> {
            release.await();
            frozen.addAndGet(nanos);
        });
        held.await();
        List<Thread> waiting = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Thread t = new Thread(() -> {
                try {
                    held.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            t.start();
            waiting.add(t);
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                // One sleeps holding the lock for its turn (10 ms away), five queue: 60 ms of wait, 50 ms over one interval.
                .until(() -> held.backlogNanos() == 5 * 10 * MS);
        release.countDown();
        for (Thread t : waiting) {
            t.join(5_000);
            assertThat(t.isAlive()).isFalse();
        }
    }
}
