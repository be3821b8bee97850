package dev.switchboard.faults;

import dev.switchboard.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Issue 21's crash run, looped at full size (bench/faults/crash.sh): {@link CrashScenario} with the kill moment varied
 * from run to run. Prints one line per run, and every message that was lost or is neither final nor holding a SID at
 * the deadline, with its state and history.
 */
public final class CrashRun {

    private CrashRun() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        Path jar = Path.of(env.getOrDefault("JAR", "target/switchboard.jar"));
        Path work = Path.of(env.getOrDefault("WORK", "target/crash"));
        int runs = Integer.parseInt(env.getOrDefault("RUNS", "20"));
        int size = Integer.parseInt(env.getOrDefault("SIZE", "300"));
        Duration deadline = Duration.ofSeconds(Long.parseLong(env.getOrDefault("DEADLINE_S", "150")));
        boolean postgres = "postgres".equals(env.getOrDefault("CRASH_DB", "h2"));
        int failedRuns = 0;
        for (int run = 1; run <= runs; run++) {
            // Counted from the last 202: during the first fault (Twilio creating, answering 500), during the second
            // (not creating), or up to 2 s after the faults.
            long killAfterMs = env.containsKey("KILL_AFTER_MS") ? Long.parseLong(env.get("KILL_AFTER_MS"))
                    : 50 + (run * 350L) % 3000;
            // Empty: the embedded H2 under the run's data folder.
            String dbUrl = postgres ? TestDatabases.freshPostgresSchema("crash_run_" + run) : "";
            CrashScenario.Result r = CrashScenario.run(new CrashScenario.Settings(jar, work.resolve("run-" + run), size,
                    dbUrl, killAfterMs, deadline, 18189, 18180, 18716, Map.of()));
            System.out.printf("run %2d: kill %4d ms after the last 202; %s; accepted %d, lost %d, open %d after %d s,"
                            + " created twice %d%n", run, killAfterMs,
                    r.clearAfter() == null ? "never all clear" : "all clear " + r.clearAfter().toSeconds() + " s after the restart",
                    r.accepted(), r.lost().size(), r.open().size(), deadline.toSeconds(), r.createdTwice());
            r.lost().forEach(m -> System.out.println("    lost: " + m));
            r.open().forEach(m -> System.out.println("    open: " + m));
            failedRuns += r.clean() ? 0 : 1;
        }
        System.out.printf("%d of %d runs lost, left open or sent twice%n", failedRuns, runs);
        System.exit(failedRuns == 0 ? 0 : 1);
    }
}
