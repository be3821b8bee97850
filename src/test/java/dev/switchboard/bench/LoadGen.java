package dev.switchboard.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * bench/'s load generator (test classpath only, never in the jar). Modes:
 * <pre>
 * open   kind=message|callback rate=R seconds=S [warmup=W] [max-in-flight=256]   constant rate, latency from each
 *        intended send time; [client=raw]: blocking kept-alive sockets ({@link RawOpenLoop}, max-in-flight 64 by
 *        default) instead of java.net.http, for a generator that costs the machine less
 * closed kind=message|callback|batch connections=C seconds=S  closed loop: the peak rate C connections reach;
 *        [interval=10]: also prints {@code INTERVALS seconds=10 ok=…}, the successes in each 10 s (time to full speed)
 * seed   base=URL account=AC.. token=T seconds=S              the seed's pattern: one synchronous SDK call after another
 * sign   kind=callback [from=F] count=N out=FILE                      N signed callbacks for wrk (bench/callbacks/post.lua):
 *        one per line, "signature TAB idempotency-token TAB form body"
 * </pre>
 * kind=message: url=http://host:port key=API_KEY run=ID; kind=batch: the same, size=1000 messages per
 * POST /api/v1/messages/batch (each with its own idempotencyKey unless keys=0; one request counts once); kind=callback: url=… token=AUTH_TOKEN public=PUBLIC_URL
 * sids=FILE (one SID per line) run=ID. out=FILE receives the latency distribution; the last line on stdout is
 * {@code RESULT key=value …} for bench/run.sh.
 */
public final class LoadGen {

    private LoadGen() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 0) {
                opts.put("mode", arg);
            } else {
                opts.put(arg.substring(0, eq), arg.substring(eq + 1));
            }
        }
        String mode = opts.getOrDefault("mode", "");
        double seconds = Double.parseDouble(opts.getOrDefault("seconds", "10"));
        Result result;
        if (mode.equals("sign")) {
            CallbackRequests callbacks = (CallbackRequests) requests(opts);
            try (var out = new java.io.PrintWriter(Files.newBufferedWriter(Path.of(opts.get("out"))))) {
                long from = Long.parseLong(opts.getOrDefault("from", "0"));
                long count = Long.parseLong(opts.get("count"));
                for (long n = from; n < from + count; n++) {
                    out.println(callbacks.line(n));
                }
            }
            return;
        }
        if (mode.equals("seed")) {
            result = SeedLoop.run(opts.get("base"), opts.get("account"), opts.get("token"), seconds);
        } else {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            Requests requests = requests(opts);
            result = switch (mode) {
                case "open" -> "raw".equals(opts.get("client"))
                        ? new RawOpenLoop(opts.get("url"), requests).run(Double.parseDouble(opts.get("rate")),
                                Double.parseDouble(opts.getOrDefault("warmup", "0")), seconds,
                                Integer.parseInt(opts.getOrDefault("max-in-flight", "64")))
                        : new OpenLoop(client, requests).run(Double.parseDouble(opts.get("rate")),
                                Double.parseDouble(opts.getOrDefault("warmup", "0")), seconds,
                                Integer.parseInt(opts.getOrDefault("max-in-flight", "256")));
                case "closed" -> new ClosedLoop(client, requests).run(
                        Integer.parseInt(opts.getOrDefault("connections", "16")), seconds);
                default -> throw new IllegalArgumentException("mode open, closed or seed; got " + List.of(args));
            };
        }
        if (opts.containsKey("out")) {
            result.writeDistribution(Path.of(opts.get("out")));
        }
        if (opts.containsKey("interval")) {
            System.out.println(result.intervals(Integer.parseInt(opts.get("interval"))));
        }
        System.out.println(result.summary());
        System.exit(0);
    }

    private static Requests requests(Map<String, String> opts) throws IOException {
        String run = opts.getOrDefault("run", Long.toString(System.currentTimeMillis()));
        return switch (opts.getOrDefault("kind", "message")) {
            case "message" -> new MessageRequests(opts.get("url"), opts.get("key"), run);
            case "batch" -> new BatchRequests(opts.get("url"), opts.get("key"), run,
                    Integer.parseInt(opts.getOrDefault("size", "1000")), !"0".equals(opts.get("keys")));
            case "callback" -> new CallbackRequests(opts.get("url"), opts.get("public"), opts.get("token"),
                    Files.readAllLines(Path.of(opts.get("sids"))).stream().map(String::strip)
                            .filter(s -> !s.isEmpty()).toList(), run);
            default -> throw new IllegalArgumentException("kind message, batch or callback");
        };
    }
}
