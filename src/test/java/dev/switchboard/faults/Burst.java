package dev.switchboard.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Submits a burst of messages through the HTTP API like a careful client behind a load balancer: each message
 * has its own Idempotency-Key and unique body; a 503 is retried after its Retry-After, an instance that does not
 * answer is skipped for the other. Only a 202 counts as accepted.
 */
final class Burst {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Accepted message id → its body. */
    final Map<String, String> accepted = new ConcurrentHashMap<>();
    final AtomicInteger unavailable503 = new AtomicInteger();
    final AtomicInteger missingRetryAfter = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    final AtomicInteger gaveUp = new AtomicInteger();
    private final AtomicInteger submitted = new AtomicInteger();
    volatile long lastAcceptNanos;

    /** Sends {@code size} messages on {@code threads} threads; {@code urls} gives the instances to try, in turn. */
    void run(String tag, int size, int threads, IntFunction<String> urls, Duration perMessageDeadline)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                for (int i = next.getAndIncrement(); i < size; i = next.getAndIncrement()) {
                    submit(tag, i, urls, perMessageDeadline);
                    submitted.incrementAndGet();
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(30, TimeUnit.MINUTES)) {
            throw new IllegalStateException("burst " + tag + " did not finish");
        }
    }

    int submitted() {
        return submitted.get();
    }

    private void submit(String tag, int i, IntFunction<String> urls, Duration deadline) {
        String body = tag + " #" + i;
        String to = String.format("+1415%07d", 2_000_000 + i);
        String json = "{\"to\":\"" + to + "\",\"body\":\"" + body + "\"}";
        long end = System.nanoTime() + deadline.toNanos();
        int attempt = 0;
        while (System.nanoTime() < end) {
            String url = urls.apply(i + attempt++);
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/messages"))
                        .timeout(Duration.ofSeconds(15))
                        .header("Authorization", "Bearer " + FaultCluster.API_KEY)
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", tag.replace(' ', '-') + "-" + i)
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 202 || r.statusCode() == 200) {
                    Matcher m = ID.matcher(r.body());
                    if (!m.find()) {
                        throw new IllegalStateException("202 without an id: " + r.body());
                    }
                    accepted.put(m.group(1), body);
                    lastAcceptNanos = System.nanoTime();
                    return;
                }
                if (r.statusCode() == 503) {
                    unavailable503.incrementAndGet();
                    long wait = r.headers().firstValueAsLong("Retry-After").orElse(-1);
                    if (wait < 0) {
                        missingRetryAfter.incrementAndGet();
                    }
                    // The client's own behaviour: it honours Retry-After (100 ms to 1 s) before trying again.
                    Thread.sleep(Math.min(1000, Math.max(100, wait * 1000)));
                    continue;
                }
                // Anything else is a refusal the suite did not expect: reported as not accepted, never retried.
                System.err.println("unexpected " + r.statusCode() + " for " + body + ": " + r.body());
                gaveUp.incrementAndGet();
                return;
            } catch (IOException e) {
                refused.incrementAndGet();
                sleep(100); // the client backs off briefly, then tries the other instance
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        gaveUp.incrementAndGet();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
