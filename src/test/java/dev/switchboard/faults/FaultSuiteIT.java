package dev.switchboard.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.RunningSwitchboard;
import dev.switchboard.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 6's fault suite at a reduced size (the bench command runs the full sizes): the fat jar twice, the
 * standalone sandbox, proxies in front of PostgreSQL and the sandbox. Every scenario must end with nothing lost and
 * nothing sent twice. The report of the run is kept in target/faults-it/report.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultSuiteIT {

    private static final Path WORK = Path.of("target", "faults-it");

    private FaultSuite suite;
    private FaultCluster cluster;
    private final List<FaultSuite.Result> results = new ArrayList<>();

    @BeforeAll
    void startCluster() throws Exception {
        Path jar = Path.of("target", "switchboard.jar");
        assertThat(jar).as("the fat jar (failsafe runs after package)").exists();
        FaultSuite.Settings settings = new FaultSuite.Settings(jar, WORK, RunningSwitchboard.freePort(),
                new int[] {RunningSwitchboard.freePort(), RunningSwitchboard.freePort()},
                new int[] {RunningSwitchboard.freePort(), RunningSwitchboard.freePort()},
                // Latency of 4 s for 12 s: dispatch slows to 4 messages/s per instance while a poll may claim
                // rate x lease / 3 = 66 rows, so claims wait for a dispatch slot longer than their 10 s lease.
                // 20 messages/s per instance: slower than the client submits, so a backlog is claimed when the
                // kill comes.
                200, 400, Duration.ofSeconds(3), Duration.ofSeconds(4), Duration.ofSeconds(12), Duration.ofSeconds(3),
                Duration.ofMinutes(2), 8,
                Map.of("SWITCHBOARD_OUTBOX_LEASE_MS", "10000",
                        "SWITCHBOARD_TWILIO_READ_TIMEOUT_MS", "6000",
                        "SWITCHBOARD_RATE_MPS", "20",
                        "SWITCHBOARD_DB_POOL_SIZE", "8",
                        "SWITCHBOARD_OUTBOX_POLL_MS", "100",
                        "SWITCHBOARD_BREAKER_OPEN_MS", "2000",
                        "SWITCHBOARD_RETRY_BASE_MS", "300",
                        "SWITCHBOARD_RETRY_MAX_DELAY_MS", "2000",
                        "SWITCHBOARD_RETRY_MAX_ATTEMPTS", "12"));
        suite = new FaultSuite(settings, TestDatabases.freshPostgresSchema("fault_suite"));
        cluster = suite.startCluster();
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (suite != null) {
            suite.closeConnection();
        }
        Files.createDirectories(WORK);
        Files.writeString(WORK.resolve("report.md"), FaultSuite.markdown(results));
    }

    // In the order of FaultSuite.scenarios(): kill -9 last, since it changes the cluster.
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"twilio-500", "twilio-500-created", "429-storm", "latency", "connection-refused",
            "database-restart", "kill-9"})
    void nothing_lost_nothing_sent_twice(String scenario) throws Exception {
        FaultSuite.Result r = suite.run(cluster, suite.scenario(scenario));
        results.add(r);
        String row = FaultSuite.markdown(List.of(r)).lines().skip(2).findFirst().orElseThrow();

        assertThat(r.accepted()).as(row).isGreaterThan(0);
        assertThat(r.gaveUp()).as("requests never accepted: " + row).isZero();
        assertThat(r.lost()).as("lost: " + row).isZero();
        assertThat(r.sentTwice()).as("sent twice: " + row).isZero();
        assertThat(r.missingRetryAfter()).as("503s without Retry-After: " + row).isZero();
    }
}
