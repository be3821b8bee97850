package dev.switchboard.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.RunningSwitchboard;
import dev.switchboard.testing.WebhookReceiver;
import dev.switchboard.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 21's crash run at a size CI affords (bench/faults/crash.sh loops it at full size): a burst, Twilio creating
 * and answering 500, kill -9, restart on the same data. Nothing accepted may be lost or sent twice, and every message
 * must be sent, found at Twilio or failed with a reason within the lease plus the time reconciliation and the sender's
 * rate need for the whole burst, plus a few seconds.
 */
class CrashRunIT {

    private static final int SIZE = 120;
    private static final Duration LEASE = Duration.ofSeconds(10);
    private static final double SENDER_RATE = 50;
    private static final double LOOKUPS_PER_SECOND = 20;
    private static final Duration RETRY_MAX_DELAY = Duration.ofSeconds(2);

    /**
     * Killed as the last 202 is answered, H2's old default lost up to the last half second of commits: accepted
     * messages unknown after the restart (the 48 of issue 21). Killed 100 ms later, it lost some in 4 runs of 6.
     * On the embedded database no other process can hold a claim, so the dead run's claims end at start-up: the
     * lease is not waited out.
     */
    @Test
    void embedded_h2_killed_right_after_the_burst_keeps_every_acknowledged_message() throws Exception {
        CrashScenario.Result r = run("h2", "", 0);
        assertClean(r);
        assertThat(r.clearAfter()).as("all clear without waiting out the lease").isLessThanOrEqualTo(bound().minus(LEASE));
    }

    /** Killed while Twilio answers 500 without creating, after it created and answered 500: reconciliation's case. */
    @Test
    void postgres_killed_during_the_faults_reconciles_every_message_within_the_bound() throws Exception {
        assertClean(run("postgres", TestDatabases.freshPostgresSchema("crash_run"), 800));
    }

    /**
     * Issue 17: killed while the sandbox's status callbacks are on their way (each takes 3 s, and Twilio never retries
     * one), restarted with a first fetch delay of a minute. What the dead run sent is fetched at once after the restart,
     * so every message is final within the bound, long before that minute.
     */
    @Test
    void postgres_killed_with_callbacks_in_flight_finds_every_status_at_once() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "SWITCHBOARD_OUTBOX_LEASE_MS", String.valueOf(LEASE.toMillis()),
                "SWITCHBOARD_RECONCILE_AFTER_MS", "60000",
                "SWITCHBOARD_RECONCILE_PERIOD_MS", "1000"));
        CrashScenario.Result r = CrashScenario.run(new CrashScenario.Settings(Path.of("target", "switchboard.jar"),
                Path.of("target", "crash-it", "callbacks"), SIZE, TestDatabases.freshPostgresSchema("crash_callbacks"),
                2_000, bound().plusSeconds(30), RunningSwitchboard.freePort(), RunningSwitchboard.freePort(),
                RunningSwitchboard.freePort(), env, 3_000, false, true));

        assertThat(r.accepted()).as("all accepted").isEqualTo(SIZE);
        assertThat(r.callbacksFailed()).as("callbacks lost with the killed process").isPositive();
        assertThat(r.lost()).as("accepted (202) but unknown after the restart").isEmpty();
        assertThat(r.open()).as("not final " + bound().plusSeconds(30).toSeconds() + " s after the restart").isEmpty();
        assertThat(r.createdTwice()).as("messages Twilio created twice").isZero();
        assertThat(r.clearAfter()).as("every message final within " + bound().toSeconds() + " s, the first delay 60 s")
                .isLessThanOrEqualTo(bound());
    }

    /**
     * Issue 18: status webhooks through a kill -9. Events are fanned out in the transaction that moves the cursor and
     * each delivery is leased, so the restarted instance sends what the dead one had not (an attempt in flight at the
     * kill is sent again under the same id): every status change reaches the receiver, verified by the reference
     * library.
     */
    @Test
    void postgres_killed_while_webhooks_are_in_flight_loses_no_event() throws Exception {
        String db = TestDatabases.freshPostgresSchema("crash_webhooks");
        String secret = dev.switchboard.webhook.WebhookSigner.generate();
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            receiver.plan(204, 0, 20, null, java.util.List.of(secret));
            Map<String, String> env = new java.util.HashMap<>(Map.of(
                    "SWITCHBOARD_OUTBOX_LEASE_MS", String.valueOf(LEASE.toMillis()),
                    "SWITCHBOARD_WEBHOOK_URLS", receiver.url("/crash"),
                    "SWITCHBOARD_WEBHOOK_SECRET", secret,
                    "SWITCHBOARD_WEBHOOK_ALLOW_HTTP", "true",
                    "SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE", "true",
                    "SWITCHBOARD_WEBHOOK_RETRY_BASE_MS", "200",
                    "SWITCHBOARD_WEBHOOK_RETRY_MAX_MS", "1000",
                    "SWITCHBOARD_WEBHOOK_TIMEOUT_MS", "2000"));
            java.util.Set<String> expected = new java.util.HashSet<>();
            // Checked while the restarted instance runs: the rows the killed one left uncommitted are gaps in the
            // event ids, which both feeds wait out (SWITCHBOARD_JMS_PUBLISH_GAP_MS) before passing them.
            CrashScenario.Result r = CrashScenario.run(new CrashScenario.Settings(Path.of("target", "switchboard.jar"),
                    Path.of("target", "crash-it", "webhooks"), SIZE, db, 1_000, bound().plusSeconds(30),
                    RunningSwitchboard.freePort(), RunningSwitchboard.freePort(), RunningSwitchboard.freePort(), env,
                    50, false, true), () -> {
                        try (java.sql.Connection c = java.sql.DriverManager.getConnection(db);
                             java.sql.ResultSet rs = c.createStatement().executeQuery(
                                     "SELECT id FROM message_event WHERE applied = TRUE")) {
                            while (rs.next()) {
                                expected.add("evt_status_" + rs.getLong(1));
                            }
                        }
                        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received()
                                .stream().filter(x -> x.get("status").asInt() == 204).map(x -> x.get("id").asText())
                                .collect(java.util.stream.Collectors.toSet()).containsAll(expected));
                    });
            assertThat(r.lost()).as("accepted (202) but unknown after the restart").isEmpty();
            assertThat(r.open()).as("not final").isEmpty();
            assertThat(expected).hasSizeGreaterThanOrEqualTo(SIZE * 3);
            assertThat(receiver.received()).allSatisfy(x -> assertThat(x.get("verified").get(0).asBoolean()).isTrue());
        }
    }

    private static CrashScenario.Result run(String name, String dbUrl, long killAfterMs) throws Exception {
        Path jar = Path.of("target", "switchboard.jar");
        assertThat(jar).as("the fat jar (failsafe runs after package)").exists();
        return CrashScenario.run(new CrashScenario.Settings(jar, Path.of("target", "crash-it", name), SIZE, dbUrl,
                killAfterMs, bound().plusSeconds(30), RunningSwitchboard.freePort(), RunningSwitchboard.freePort(),
                RunningSwitchboard.freePort(),
                // The breaker's pause shorter than the lease, as by default (30 s and 60 s): a message the open breaker
                // held before the kill waits out that pause, stored with it, even though the new process's breaker is closed.
                Map.of("SWITCHBOARD_OUTBOX_LEASE_MS", String.valueOf(LEASE.toMillis()),
                        "SWITCHBOARD_BREAKER_OPEN_MS", "5000",
                        "SWITCHBOARD_RETRY_BASE_MS", "300",
                        "SWITCHBOARD_RETRY_MAX_DELAY_MS", String.valueOf(RETRY_MAX_DELAY.toMillis()),
                        "SWITCHBOARD_RETRY_MAX_ATTEMPTS", "12")));
    }

    /** Lease + every message reconciled at the lookup budget + every message sent at the sender's rate + 5 s. */
    private static Duration bound() {
        return LEASE.plusMillis(Math.round(SIZE * 1000 / LOOKUPS_PER_SECOND)).plusMillis(Math.round(SIZE * 1000 / SENDER_RATE))
                .plus(RETRY_MAX_DELAY).plusSeconds(5);
    }

    private static void assertClean(CrashScenario.Result r) {
        assertThat(r.accepted()).as("all accepted").isEqualTo(SIZE);
        assertThat(r.lost()).as("accepted (202) but unknown after the restart").isEmpty();
        assertThat(r.open()).as("neither final nor holding a SID after " + bound().plusSeconds(30).toSeconds() + " s").isEmpty();
        assertThat(r.createdTwice()).as("messages Twilio created twice").isZero();
        assertThat(r.clearAfter()).as("every message final or holding its SID within " + bound().toSeconds() + " s")
                .isLessThanOrEqualTo(bound());
    }
}
