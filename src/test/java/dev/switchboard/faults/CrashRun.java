package dev.switchboard.faults;

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
 * Issue 21's crash run, looped (bench/crash/run.sh): one Switchboard (H2 by default) sends a burst through the
 * standalone sandbox; the sandbox creates each message and answers 500 for a while, then answers 500 without
 * creating; Switchboard is killed -9 at a varied moment and restarted on the same data; every message must be final or
 * hold Twilio's SID within the deadline. Prints one line per run, and the state and history of any message that is not.
 */
public final class CrashRun {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern SID = Pattern.compile("\"twilioSid\"\\s*:\\s*\"(SM[^\"]+)\"");
    private static final Set<String> FINAL = Set.of("delivered", "undelivered", "failed", "read", "canceled", "suppressed");

    private CrashRun() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        Path jar = Path.of(env.getOrDefault("JAR", "target/switchboard.jar"));
        Path work = Path.of(env.getOrDefault("WORK", "target/crash"));
        int runs = Integer.parseInt(env.getOrDefault("RUNS", "20"));
        int size = Integer.parseInt(env.getOrDefault("SIZE", "300"));
        long deadlineS = Long.parseLong(env.getOrDefault("DEADLINE_S", "150"));
        String dbUrl = env.getOrDefault("CRASH_DB_URL", ""); // empty: the embedded H2 under the data folder
        int stuckRuns = 0;
        for (int run = 1; run <= runs; run++) {
            // Vary the kill moment: during the second fault (-300 ms), right after the faults, or up to 2.1 s later.
            long killDelayMs = -300 + (run * 600L) % 2400;
            long[] clearS = new long[1];
            List<String> stuck = oneRun(jar, work.resolve("run-" + run), size, dbUrl, killDelayMs, deadlineS, clearS);
            System.out.printf("run %2d: kill %5d ms after the faults; %s; %d of %d neither final nor with a SID after %d s%n",
                    run, killDelayMs, clearS[0] < 0 ? "never all clear" : "all clear " + clearS[0] + " s after the restart",
                    stuck.size(), size, deadlineS);
            stuck.forEach(s -> System.out.println("    " + s));
            stuckRuns += stuck.isEmpty() ? 0 : 1;
        }
        System.out.printf("%d of %d runs left messages stuck%n", stuckRuns, runs);
        System.exit(stuckRuns == 0 ? 0 : 1);
    }

    private static List<String> oneRun(Path jar, Path dir, int size, String dbUrl, long killDelayMs, long deadlineS,
                                       long[] clearS) throws Exception {
        Files.createDirectories(dir);
        int sandboxPort = 18189;
        int httpPort = 18180;
        JarProcess sandbox = JarProcess.start("sandbox", jar, "dev.switchboard.sandbox.TwilioSandbox",
                List.of("--port", String.valueOf(sandboxPort), "--auth-token", "crashrun0123456789abcdef01234567",
                        "--callback-delay-ms", "50", "--threads", "64"), Map.of(), dir.resolve("sandbox.log"));
        String sandboxUrl = "http://127.0.0.1:" + sandboxPort;
        String url = "http://127.0.0.1:" + httpPort;
        try {
            sandbox.awaitReady(sandboxUrl + "/sandbox/stats", Duration.ofSeconds(60));
            Map<String, String> instanceEnv = new HashMap<>();
            instanceEnv.put("SWITCHBOARD_SENDER_RATES", "+15005550006=50");
            instanceEnv.put("SWITCHBOARD_RATE_MPS", "50");
            instanceEnv.put("SWITCHBOARD_HTTP_PORT", String.valueOf(httpPort));
            instanceEnv.put("SWITCHBOARD_JMS_EMBEDDED_PORT", "18716");
            instanceEnv.put("SWITCHBOARD_DATA_DIR", dir.resolve("data").toString());
            instanceEnv.put("SWITCHBOARD_API_KEYS", FaultCluster.API_KEY);
            instanceEnv.put("SWITCHBOARD_API_RATE", "0");
            instanceEnv.put("SWITCHBOARD_PUBLIC_URL", url);
            instanceEnv.put("SWITCHBOARD_ROUTES_RELOAD", "false");
            instanceEnv.put("SWITCHBOARD_ROUTES_DIR", Path.of("routes").toAbsolutePath().toString());
            instanceEnv.put("TWILIO_ACCOUNT_SID", "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
            instanceEnv.put("TWILIO_AUTH_TOKEN", "crashrun0123456789abcdef01234567");
            instanceEnv.put("TWILIO_PHONE_NUMBER", "+15005550006");
            instanceEnv.put("SWITCHBOARD_TWILIO_BASE_URL", sandboxUrl);
            if (!dbUrl.isBlank()) {
                instanceEnv.put("SWITCHBOARD_DB_URL", dbUrl);
            }
            JarProcess first = JarProcess.start("switchboard", jar, null, List.of(), instanceEnv, dir.resolve("switchboard-1.log"));
            first.awaitReady(url + "/observe/health/ready", Duration.ofSeconds(120));
            Burst burst = new Burst();
            burst.run("crash " + dir.getFileName() + " " + System.nanoTime(), size, 8, i -> url, Duration.ofSeconds(30));
            fault(sandboxUrl, 500, true);
            Thread.sleep(500); // the fault's own length: the sandbox reports its end, the next fault follows it
            fault(sandboxUrl, 500, false);
            Thread.sleep(500 + killDelayMs);
            first.kill9();
            JarProcess second = JarProcess.start("switchboard", jar, null, List.of(), instanceEnv, dir.resolve("switchboard-2.log"));
            try {
                second.awaitReady(url + "/observe/health/ready", Duration.ofSeconds(120));
                long ready = System.nanoTime();
                long end = System.nanoTime() + deadlineS * 1_000_000_000L;
                Map<String, String> open = new TreeMap<>();
                burst.accepted.keySet().forEach(id -> open.put(id, ""));
                while (!open.isEmpty() && System.nanoTime() < end) {
                    for (String id : new ArrayList<>(open.keySet())) {
                        String body = get(url + "/api/v1/messages/" + id);
                        Matcher status = STATUS.matcher(body);
                        if ((status.find() && FINAL.contains(status.group(1))) || SID.matcher(body).find()) {
                            open.remove(id);
                        } else {
                            open.put(id, body);
                        }
                    }
                    Thread.sleep(1000); // polling a client's way: once a second
                }
                clearS[0] = open.isEmpty() ? (System.nanoTime() - ready) / 1_000_000_000L : -1;
                List<String> stuck = new ArrayList<>();
                open.forEach((id, body) -> stuck.add(id + " " + body));
                return stuck;
            } finally {
                second.close();
            }
        } finally {
            sandbox.close();
        }
    }

    private static void fault(String sandboxUrl, long forMs, boolean created) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(sandboxUrl + "/sandbox/faults"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"mode\":\"http500\",\"forMs\":" + forMs
                        + ",\"latencyMs\":0,\"retryAfterS\":1,\"created\":" + created + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("sandbox refused the fault: " + r.statusCode() + " " + r.body());
        }
    }

    private static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + FaultCluster.API_KEY)
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
