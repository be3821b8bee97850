package dev.switchboard.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bench command's entry point (bench/faults/run.sh): full sizes unless the environment says otherwise, the
 * report written to bench/faults/results/&lt;date&gt;.md. Exit status 1 when any scenario lost or resent a message.
 */
public final class FaultSuiteMain {

    private FaultSuiteMain() {
    }

    /** The bench's instance settings, under any SWITCHBOARD_* setting from the environment (passed to both). */
    static Map<String, String> instanceEnv(Map<String, String> env) {
        Map<String, String> settings = new TreeMap<>();
        settings.put("SWITCHBOARD_OUTBOX_LEASE_MS", "30000");
        settings.put("SWITCHBOARD_RATE_MPS", "80");
        // Two instances on a PostgreSQL that may be shared: 2 × 8 connections.
        settings.put("SWITCHBOARD_DB_POOL_SIZE", "8");
        env.forEach((k, v) -> {
            // Secrets and URLs are the suite's own (and would land in the report).
            if (k.startsWith("SWITCHBOARD_") && !k.contains("PASSWORD") && !k.contains("KEYS") && !k.endsWith("_URL")) {
                settings.put(k, v);
            }
        });
        return settings;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        int size = Integer.parseInt(env.getOrDefault("SIZE", "10000"));
        FaultSuite.Settings settings = new FaultSuite.Settings(
                Path.of(env.getOrDefault("JAR", "target/switchboard.jar")),
                Path.of(env.getOrDefault("WORK", "target/faults")),
                18089, new int[] {18080, 18081}, new int[] {18616, 18617},
                size, Integer.parseInt(env.getOrDefault("KILL_SIZE", String.valueOf(size))),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("OUTAGE_S", "30"))),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("LATENCY_S", "10"))),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("LATENCY_FOR_S", env.getOrDefault("OUTAGE_S", "30")))),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("DB_OUTAGE_S", "10"))),
                Duration.ofMinutes(Long.parseLong(env.getOrDefault("DRAIN_TIMEOUT_MIN", "10"))), 16,
                instanceEnv(env));
        String dbUrl = env.getOrDefault("FAULTS_DB_URL",
                "jdbc:postgresql://127.0.0.1:5432/switchboard_faults?user=postgres&password=postgres");
        List<String> only = env.getOrDefault("SCENARIOS", "").isBlank() ? List.of()
                : Arrays.stream(env.get("SCENARIOS").split(",")).map(String::trim).toList();
        LocalDateTime started = LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS);
        List<FaultSuite.Result> results = new FaultSuite(settings, dbUrl).runAll(only,
                r -> System.out.println(FaultSuite.markdown(List.of(r)).lines().skip(2).findFirst().orElse("")));
        String report = "# Fault suite, " + started + "\n\n"
                + "SIZE=" + size + " (kill -9: " + settings.killSize() + "), two instances on one PostgreSQL, "
                + "standalone sandbox as Twilio, RATE_MPS=" + settings.instanceEnv().get("SWITCHBOARD_RATE_MPS")
                + " per instance, instance settings " + settings.instanceEnv() + ".\n\n"
                + FaultSuite.markdown(results) + "\n"
                + "final: left the outbox (Twilio has it, or failed for good). lost: accepted (202) but not final "
                + "within the drain time-out. sent twice: messages the sandbox created more than once. "
                + "time to drain: from the end of the fault (or the last 202) to every accepted message final.\n";
        Path out = Path.of(env.getOrDefault("REPORT_DIR", "bench/faults/results"))
                .resolve(LocalDate.now() + ".md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println(report);
        System.out.println("Report: " + out);
        System.exit(results.stream().allMatch(FaultSuite.Result::clean) ? 0 : 1);
    }
}
