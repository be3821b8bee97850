package dev.switchboard.faults;


import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * Issue 6's fault scenarios against a {@link FaultCluster}: a burst of messages, a fault injected a quarter of the
 * way in (half-way for kill -9), then a wait until every accepted message has left the outbox. Each scenario
 * reports accepted, final, lost and sent twice (from the sandbox's per-message create counts).
 */
final class FaultSuite {

    /** Sizes, windows and the instances' settings; {@link #bench()} and the IT's reduced copy. */
    record Settings(Path jar, Path workDir, int sandboxPort, int[] httpPorts, int[] jmsPorts, int size, int killSize,
            Duration outage, Duration latency, Duration latencyFor, Duration dbOutage, Duration drainTimeout, int threads,
            Map<String, String> instanceEnv) {
    }

    /** One line of the report. */
    record Result(String scenario, String fault, String note, int accepted, int fin, int delivered, int failed, int lost,
            long sentTwice, long createRequests, long faultAnswers, long peakPerSecond, int breakerOpened,
            double drainSeconds, int unavailable503, int missingRetryAfter, int noAnswer, int gaveUp) {

        boolean clean() {
            return lost == 0 && sentTwice == 0 && gaveUp == 0;
        }
    }

    /**
     * What a scenario does to the cluster when the burst is far enough in; returns when the fault is over, with a
     * note for the report and the {@link System#nanoTime()} drain time is measured from (the kill, or the fault's end).
     */
    interface Fault {
        Injected inject(FaultCluster cluster) throws Exception;
    }

    record Injected(String note, long drainFromNanos) {
        static Injected over(String note) {
            return new Injected(note, System.nanoTime());
        }
    }

    record Scenario(String name, String fault, double triggerAt, int size, Fault action) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern NUMBER = Pattern.compile("\"(\\w+)\"\\s*:\\s*(\\d+)");

    private final Settings settings;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);

    /** {@code dbUrl}: the database the instances share (they reach it through the suite's proxy). */
    FaultSuite(Settings settings, String dbUrl) {
        this.settings = settings;
        this.clusterDbUrl = dbUrl;
    }

    FaultCluster startCluster() throws InterruptedException {
        return new FaultCluster(settings, clusterDbUrl);
    }

    Scenario scenario(String name) {
        return scenarios().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no scenario " + name));
    }

    /** Every scenario, in the order they run (kill -9 last: it changes the cluster). */
    List<Scenario> scenarios() {
        long outage = settings.outage().toMillis();
        return List.of(
                new Scenario("twilio-500", "Twilio answers 500 (nothing created) for " + seconds(outage), 0.25,
                        settings.size(), c -> sandboxFault(c, "http500", outage, false)),
                new Scenario("twilio-500-created", "Twilio creates the message, then answers 500, for "
                        + seconds(outage), 0.25, settings.size(), c -> sandboxFault(c, "http500", outage, true)),
                new Scenario("429-storm", "every create answered 429 (Retry-After: 1) for " + seconds(outage), 0.25,
                        settings.size(), c -> sandboxFault(c, "http429", outage, false)),
                new Scenario("latency", "every create answered after " + seconds(settings.latency().toMillis())
                        + " for " + seconds(settings.latencyFor().toMillis()), 0.25, settings.size(),
                        c -> sandboxFault(c, "latency", settings.latencyFor().toMillis(), false)),
                new Scenario("connection-refused", "Twilio's port refuses connections (open ones cut) for "
                        + seconds(outage), 0.25, settings.size(), c -> proxyDown(c.twilioProxy(), outage)),
                new Scenario("database-restart", "PostgreSQL unreachable (connections cut) for "
                        + seconds(settings.dbOutage().toMillis()), 0.25, settings.size(),
                        c -> proxyDown(c.dbProxy(), settings.dbOutage().toMillis())),
                new Scenario("kill-9", "kill -9 of one of two instances mid-burst, restarted 2 s later", 0.5,
                        settings.killSize(), c -> {
                            // Kill while it holds claims, if it gets any within 5 s: those are what must not be lost.
                            int claims;
                            try {
                                claims = await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                                        .until(() -> claimsHeldBy("fault-0"), held -> held > 0);
                            } catch (ConditionTimeoutException none) {
                                claims = claimsHeldBy("fault-0"); // killed all the same
                            }
                            c.kill9(0);
                            long killed = System.nanoTime();
                            Thread.sleep(2000); // the scenario: down for 2 s, then restarted
                            c.restart(0);
                            return new Injected(claims + " claims held by the killed instance", killed);
                        }));
    }

    Result run(FaultCluster cluster, Scenario scenario) throws Exception {
        post(cluster.sandboxUrl() + "/sandbox/stats/reset", "");
        int opensBefore = breakerOpens(cluster);
        String tag = "fault " + runId + " " + scenario.name();
        Burst burst = new Burst();
        Thread submitter = new Thread(() -> {
            try {
                burst.run(tag, scenario.size(), settings.threads(), k -> cluster.url(k % 2), Duration.ofMinutes(3));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "fault-burst");
        submitter.start();
        int trigger = (int) (scenario.size() * scenario.triggerAt());
        await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(10))
                .until(() -> burst.submitted() >= trigger || !submitter.isAlive());
        Injected injected = scenario.action().inject(cluster);
        submitter.join();
        long drainFrom = Math.max(injected.drainFromNanos(), burst.lastAcceptNanos);
        Outcome outcome = awaitDrain(tag, burst.accepted, drainFrom);
        Map<String, Long> stats = stats(cluster);
        return new Result(scenario.name(), scenario.fault(), injected.note(), burst.accepted.size(), outcome.fin, outcome.delivered,
                outcome.failed, burst.accepted.size() - outcome.fin, stats.getOrDefault("createdMoreThanOnce", -1L),
                stats.getOrDefault("createRequests", -1L), stats.getOrDefault("faultAnswers", -1L),
                stats.getOrDefault("peak201PerSecond", -1L), Math.max(0, breakerOpens(cluster) - opensBefore),
                outcome.drainSeconds, burst.unavailable503.get(),
                burst.missingRetryAfter.get(), burst.refused.get(), burst.gaveUp.get());
    }

    private record Outcome(int fin, int delivered, int failed, double drainSeconds) {
    }

    /**
     * Final means the row has left the outbox ({@code next_attempt_at} is null): Twilio has it (a SID) or it
     * failed for good. Waits for every accepted message, then a little longer for the delivered callbacks.
     */
    private Outcome awaitDrain(String tag, Map<String, String> accepted, long fromNanos) {
        AtomicReference<Outcome> last = new AtomicReference<>();
        AtomicLong drainedAt = new AtomicLong();
        try {
            // A failed check (PostgreSQL busy: too many clients on a shared server) is not an answer: ask again.
            await().atMost(settings.drainTimeout()).pollInterval(Duration.ofMillis(250))
                    .ignoreException(SQLException.class).until(() -> {
                        Outcome now = read(tag, accepted, Double.NaN);
                        last.set(now);
                        if (now.fin == accepted.size()) {
                            drainedAt.compareAndSet(0, System.nanoTime());
                        }
                        long drained = drainedAt.get();
                        // Every accepted message final, then up to 10 s more for the delivered callbacks.
                        return drained != 0 && (now.delivered + now.failed == accepted.size()
                                || System.nanoTime() - drained > Duration.ofSeconds(10).toNanos());
                    });
        } catch (ConditionTimeoutException e) {
            if (last.get() == null) {
                throw new IllegalStateException("the drain check never answered", e);
            }
        }
        Outcome o = last.get();
        long drained = drainedAt.get();
        return new Outcome(o.fin, o.delivered, o.failed, drained == 0 ? Double.NaN : (drained - fromNanos) / 1e9);
    }

    private Outcome read(String tag, Map<String, String> accepted, double drain) throws SQLException {
        int fin = 0;
        int delivered = 0;
        int failed = 0;
        try (PreparedStatement st = connection().prepareStatement(
                        "SELECT id, status, next_attempt_at IS NULL FROM message WHERE body LIKE ?")) {
            st.setString(1, tag + " #%");
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    if (!accepted.containsKey(rs.getString(1))) {
                        continue;
                    }
                    fin += rs.getBoolean(3) ? 1 : 0;
                    delivered += "delivered".equals(rs.getString(2)) ? 1 : 0;
                    failed += "failed".equals(rs.getString(2)) ? 1 : 0;
                }
            }
        }
        return new Outcome(fin, delivered, failed, drain);
    }

    private final String clusterDbUrl;

    /** Runs every scenario whose name is in {@code only} (all when empty), on one cluster. */
    List<Result> runAll(List<String> only, java.util.function.Consumer<Result> progress) throws Exception {
        List<Result> results = new ArrayList<>();
        try (FaultCluster cluster = startCluster()) {
            for (Scenario s : scenarios()) {
                if (only.isEmpty() || only.contains(s.name())) {
                    Result r = run(cluster, s);
                    results.add(r);
                    progress.accept(r);
                }
            }
        } finally {
            closeConnection();
        }
        return results;
    }

    private Injected sandboxFault(FaultCluster c, String mode, long forMs, boolean created) throws Exception {
        long latency = settings.latency().toMillis();
        post(c.sandboxUrl() + "/sandbox/faults", "{\"mode\":\"" + mode + "\",\"forMs\":" + forMs
                + ",\"latencyMs\":" + latency + ",\"retryAfterS\":1,\"created\":" + created + "}");
        int claims = claimsHeldBy(null);
        // The fake Twilio ends the fault by itself after forMs: wait until it says so.
        await().atMost(Duration.ofMillis(forMs + 10_000)).pollDelay(Duration.ofMillis(forMs))
                .pollInterval(Duration.ofMillis(100)).until(() -> faultOver(c));
        return Injected.over(claims + " claims out when the fault began");
    }

    private Injected proxyDown(dev.switchboard.testing.TcpProxy proxy, long forMs) throws Exception {
        int claims = claimsHeldBy(null);
        proxy.down();
        try {
            Thread.sleep(forMs); // the outage's length
        } finally {
            proxy.up();
        }
        return Injected.over(claims + " claims out when the fault began");
    }

    /**
     * One connection for the suite's checks, kept open: on a PostgreSQL shared with other work a new connection per
     * check can meet "too many clients". Opened again after an error.
     */
    private Connection connection() throws SQLException {
        if (connection == null || !connection.isValid(2)) {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // already broken
                }
            }
            connection = DriverManager.getConnection(clusterDbUrl);
        }
        return connection;
    }

    private Connection connection;

    /** Rows claimed now (by {@code owner}, or by anyone): what a fault can catch in flight. */
    private int claimsHeldBy(String owner) {
        try (PreparedStatement st = connection().prepareStatement("SELECT count(*) FROM message WHERE next_attempt_at IS NOT NULL"
                        + " AND lease_owner IS NOT NULL AND next_attempt_at > now()"
                        + (owner == null ? "" : " AND lease_owner = ?"))) {
            if (owner != null) {
                st.setString(1, owner);
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the claims held by " + owner, e);
        }
    }

    /** Closes the suite's own database connection. */
    void closeConnection() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // closing anyway
        }
    }

    /** Times the instances' circuit breakers opened so far (a restarted instance starts again at 0). */
    private static int breakerOpens(FaultCluster c) {
        int opens = 0;
        for (int i = 0; i < 2; i++) {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(c.url(i) + "/observe/metrics"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                opens += r.body().lines().filter(l -> l.startsWith("switchboard_breaker_transitions_total{")
                        && l.contains("to=\"open\"")).mapToInt(l -> (int) Double.parseDouble(
                                l.substring(l.lastIndexOf(' ') + 1))).sum();
            } catch (IOException e) {
                // an instance that is down opens nothing
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return opens;
    }

    private static Map<String, Long> stats(FaultCluster c) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(c.sandboxUrl() + "/sandbox/stats")).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        Map<String, Long> values = new HashMap<>();
        Matcher m = NUMBER.matcher(r.body());
        while (m.find()) {
            values.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return values;
    }

    private static boolean faultOver(FaultCluster c) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(c.sandboxUrl() + "/sandbox/faults")).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        return r.body().contains("\"mode\":\"none\"");
    }

    private static void post(String url, String json) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    private static String seconds(long ms) {
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format("%.1f s", ms / 1000.0);
    }

    /** The report as a Markdown table, one row per scenario. */
    static String markdown(List<Result> results) {
        StringBuilder md = new StringBuilder("| scenario | fault | at the fault | accepted | final | delivered | failed | lost | sent twice"
                + " | create POSTs | fault answers | peak 201/s | breaker opened | time to drain | API 503s | API no answer | not accepted |\n"
                + "|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (Result r : results) {
            md.append(String.format("| %s | %s | %s | %d | %d | %d | %d | %s | %s | %d | %d | %d | %d | %s | %d%s | %d | %d |%n",
                    r.scenario(), r.fault(), r.note(), r.accepted(), r.fin(), r.delivered(), r.failed(),
                    r.lost() == 0 ? "0" : "**" + r.lost() + "**", r.sentTwice() == 0 ? "0" : "**" + r.sentTwice() + "**",
                    r.createRequests(), r.faultAnswers(), r.peakPerSecond(), r.breakerOpened(),
                    Double.isNaN(r.drainSeconds()) ? "not drained" : String.format("%.1f s", r.drainSeconds()),
                    r.unavailable503(), r.missingRetryAfter() > 0 ? " (" + r.missingRetryAfter() + " without Retry-After)" : "", r.noAnswer(), r.gaveUp()));
        }
        return md.toString();
    }
}
