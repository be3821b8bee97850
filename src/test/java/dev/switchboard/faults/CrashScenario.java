package dev.switchboard.faults;


import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 21's crash run, once: one Switchboard (the embedded H2, or {@code dbUrl}) takes a burst through the API from
 * 8 clients, each message to its own number from one sender; the standalone sandbox then creates each message and
 * answers 500 for 0.5 s, then answers 500 without creating for 0.5 s; Switchboard is killed -9 {@code killAfterMs}
 * after the last 202 and restarted on the same data folder and port; every accepted message is polled once a second
 * until each is final or holds Twilio's SID, or the deadline passes.
 */
final class CrashScenario {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern SID = Pattern.compile("\"twilioSid\"\\s*:\\s*\"(SM[^\"]+)\"");
    private static final Pattern NUMBER = Pattern.compile("\"(\\w+)\"\\s*:\\s*(\\d+)");
    private static final Set<String> FINAL = Set.of("delivered", "undelivered", "failed", "read", "canceled", "suppressed");
    static final String AUTH_TOKEN = "crashrun0123456789abcdef01234567";

    /**
     * {@code env}: more settings for Switchboard (a shorter lease, for instance); {@code callbackDelayMs}: how long
     * the sandbox waits before each status callback; {@code faults}: the 500s around the kill; {@code untilFinal}: a
     * message is clear once final (else once final or holding a SID).
     */
    record Settings(Path jar, Path dir, int size, String dbUrl, long killAfterMs, Duration deadline,
                    int sandboxPort, int httpPort, int jmsPort, Map<String, String> env, long callbackDelayMs,
                    boolean faults, boolean untilFinal) {

        Settings(Path jar, Path dir, int size, String dbUrl, long killAfterMs, Duration deadline,
                 int sandboxPort, int httpPort, int jmsPort, Map<String, String> env) {
            this(jar, dir, size, dbUrl, killAfterMs, deadline, sandboxPort, httpPort, jmsPort, env, 50, true, false);
        }
    }

    /**
     * {@code lost}: accepted (202) but unknown after the restart; {@code open}: neither final nor holding a SID at the
     * deadline, each with the message's JSON; {@code clearAfter}: from the restart's readiness until every accepted
     * message was final or held a SID (null if never); {@code createdTwice}: messages the sandbox created more than once;
     * {@code callbacksFailed}: status callbacks the sandbox could not deliver (to the killed process).
     */
    record Result(int accepted, List<String> lost, List<String> open, Duration clearAfter, long createdTwice,
                  long created, long callbacksFailed) {
        boolean clean() {
            return lost.isEmpty() && open.isEmpty() && createdTwice == 0;
        }
    }

    private CrashScenario() {
    }

    /** What a test checks while the restarted instance still runs (after the poll). */
    @FunctionalInterface
    interface WhileRunning {
        void check() throws Exception;
    }

    static Result run(Settings s) throws Exception {
        return run(s, () -> { });
    }

    static Result run(Settings s, WhileRunning beforeStop) throws Exception {
        Files.createDirectories(s.dir());
        JarProcess sandbox = JarProcess.start("sandbox", s.jar(), "dev.switchboard.sandbox.TwilioSandbox",
                List.of("--port", String.valueOf(s.sandboxPort()), "--auth-token", AUTH_TOKEN,
                        "--callback-delay-ms", String.valueOf(s.callbackDelayMs()), "--threads", "64"), Map.of(),
                s.dir().resolve("sandbox.log"));
        String sandboxUrl = "http://127.0.0.1:" + s.sandboxPort();
        String url = "http://127.0.0.1:" + s.httpPort();
        try {
            sandbox.awaitReady(sandboxUrl + "/sandbox/stats", Duration.ofSeconds(60));
            Map<String, String> env = instanceEnv(s, sandboxUrl, url);
            JarProcess first = JarProcess.start("switchboard", s.jar(), null, List.of(), env, s.dir().resolve("switchboard-1.log"));
            Burst burst = new Burst();
            try {
                first.awaitReady(url + "/observe/health/ready", Duration.ofSeconds(120));
                burst.run("crash " + s.dir().getFileName() + " " + System.nanoTime(), s.size(), 8, i -> url,
                        Duration.ofSeconds(30));
                long lastAccept = burst.lastAcceptNanos;
                if (s.faults()) {
                    fault(sandboxUrl, true);
                    sleepUntil(lastAccept, Math.min(500, s.killAfterMs()));
                    if (s.killAfterMs() > 500) {
                        fault(sandboxUrl, false); // follows the first fault as it ends
                    }
                }
                sleepUntil(lastAccept, s.killAfterMs());
            } finally {
                first.kill9();
            }
            JarProcess second = JarProcess.start("switchboard", s.jar(), null, List.of(), env, s.dir().resolve("switchboard-2.log"));
            try {
                second.awaitReady(url + "/observe/health/ready", Duration.ofSeconds(120));
                Result result = poll(s, url, sandboxUrl, burst);
                beforeStop.check();
                return result;
            } finally {
                second.close();
            }
        } finally {
            sandbox.close();
        }
    }

    private static Map<String, String> instanceEnv(Settings s, String sandboxUrl, String url) {
        Map<String, String> env = new HashMap<>();
        env.put("SWITCHBOARD_SENDER_RATES", "+15005550006=50");
        env.put("SWITCHBOARD_RATE_MPS", "50");
        env.put("SWITCHBOARD_HTTP_PORT", String.valueOf(s.httpPort()));
        env.put("SWITCHBOARD_JMS_EMBEDDED_PORT", String.valueOf(s.jmsPort()));
        env.put("SWITCHBOARD_DATA_DIR", s.dir().resolve("data").toString());
        env.put("SWITCHBOARD_API_KEYS", FaultCluster.API_KEY);
        env.put("SWITCHBOARD_API_RATE", "0");
        env.put("SWITCHBOARD_PUBLIC_URL", url);
        env.put("SWITCHBOARD_ROUTES_RELOAD", "false");
        env.put("SWITCHBOARD_ROUTES_DIR", Path.of("routes").toAbsolutePath().toString());
        env.put("TWILIO_ACCOUNT_SID", "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        env.put("TWILIO_AUTH_TOKEN", AUTH_TOKEN);
        env.put("TWILIO_PHONE_NUMBER", "+15005550006");
        env.put("SWITCHBOARD_TWILIO_BASE_URL", sandboxUrl);
        if (s.dbUrl() != null && !s.dbUrl().isBlank()) {
            env.put("SWITCHBOARD_DB_URL", s.dbUrl());
        }
        env.putAll(s.env());
        return env;
    }

    private static Result poll(Settings s, String url, String sandboxUrl, Burst burst) throws Exception {
        long ready = System.nanoTime();
        long end = ready + s.deadline().toNanos();
        List<String> lost = new ArrayList<>();
        Map<String, String> open = new TreeMap<>();
        for (String id : burst.accepted.keySet()) {
            HttpResponse<String> r = get(url + "/api/v1/messages/" + id);
            if (r.statusCode() == 404) {
                lost.add(id + " " + burst.accepted.get(id));
            } else {
                open.put(id, r.body());
            }
        }
        while (true) {
            for (String id : new ArrayList<>(open.keySet())) {
                String body = get(url + "/api/v1/messages/" + id).body();
                Matcher status = STATUS.matcher(body);
                if ((status.find() && FINAL.contains(status.group(1))) || (!s.untilFinal() && SID.matcher(body).find())) {
                    open.remove(id);
                } else {
                    open.put(id, body);
                }
            }
            if (open.isEmpty() || System.nanoTime() > end) {
                break;
            }
            Thread.sleep(1000); // polling a client's way: once a second
        }
        Duration clear = open.isEmpty() ? Duration.ofNanos(System.nanoTime() - ready) : null;
        Map<String, Long> stats = stats(sandboxUrl);
        List<String> stuck = new ArrayList<>();
        open.forEach((id, body) -> stuck.add(id + " " + body));
        return new Result(burst.accepted.size(), lost, stuck, clear, stats.getOrDefault("createdMoreThanOnce", -1L),
                stats.getOrDefault("created", -1L), stats.getOrDefault("callbacksFailed", -1L));
    }

    private static void sleepUntil(long startNanos, long afterMs) throws InterruptedException {
        long ms = (startNanos + afterMs * 1_000_000L - System.nanoTime()) / 1_000_000L;
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }

    private static void fault(String sandboxUrl, boolean created) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(sandboxUrl + "/sandbox/faults"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"mode\":\"http500\",\"forMs\":500,\"latencyMs\":0,"
                        + "\"retryAfterS\":1,\"created\":" + created + "}")).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("sandbox refused the fault: " + r.statusCode() + " " + r.body());
        }
    }

    private static Map<String, Long> stats(String sandboxUrl) throws IOException, InterruptedException {
        Map<String, Long> values = new HashMap<>();
        Matcher m = NUMBER.matcher(HTTP.send(HttpRequest.newBuilder(URI.create(sandboxUrl + "/sandbox/stats")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
        while (m.find()) {
            values.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return values;
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + FaultCluster.API_KEY)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
