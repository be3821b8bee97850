package dev.switchboard.sandbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The sandbox's calls: what was asked, outcomes queued by tests, and each call's progress callbacks, in order. */
final class SandboxCalls implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxCalls.class);

    final AtomicInteger createRequests = new AtomicInteger();
    final AtomicInteger callsCreated = new AtomicInteger();
    final AtomicInteger callbacksSent = new AtomicInteger();
    final AtomicInteger callbacksFailed = new AtomicInteger();

    private final SandboxConfig config;
    private final List<Map<String, List<String>>> createdParams = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Deque<String>> outcomes = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(new DaemonThreads("sandbox-call-"));
    private final ExecutorService io = Executors.newCachedThreadPool(new DaemonThreads("sandbox-call-callback-"));
    private final HttpClient client;

    SandboxCalls(SandboxConfig config) {
        this.config = config;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).executor(io).build();
    }

    void queueOutcomes(String to, List<String> next) {
        outcomes.computeIfAbsent(to, k -> new ConcurrentLinkedDeque<>()).addAll(next);
    }

    Optional<String> nextOutcome(String to) {
        Deque<String> q = outcomes.get(to);
        return q == null ? Optional.empty() : Optional.ofNullable(q.poll());
    }

    void created(SandboxCall call, Map<String, List<String>> form) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        form.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        createdParams.add(Collections.unmodifiableMap(copy));
        callsCreated.incrementAndGet();
    }

    List<Map<String, List<String>>> createdParams() {
        synchronized (createdParams) {
            return List.copyOf(createdParams);
        }
    }

    /** The call's life: initiated, ringing, then answered and completed, or busy / no-answer / failed. */
    void play(SandboxCall call) {
        List<String[]> steps = new ArrayList<>();
        steps.add(new String[] {"initiated", "initiated"});
        if (!"failed".equals(call.outcome)) {
            steps.add(new String[] {"ringing", "ringing"});
        }
        if ("completed".equals(call.outcome)) {
            steps.add(new String[] {"answered", "in-progress"});
        }
        steps.add(new String[] {"completed", call.outcome});
        next(call, steps, 0);
    }

    private void next(SandboxCall call, List<String[]> steps, int index) {
        if (index >= steps.size()) {
            return;
        }
        try {
            scheduler.schedule(() -> fire(call, steps, index), config.callbackDelayMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            LOG.debug("Sandbox closed; call {} stops at {}", call.sid, call.status());
        }
    }

    private void fire(SandboxCall call, List<String[]> steps, int index) {
        String[] step = steps.get(index);
        call.advance(step[1], Instant.now());
        boolean wanted = "completed".equals(step[0]) || call.events.contains(step[0]);
        if (call.statusCallback == null || !wanted) {
            next(call, steps, index + 1);
            return;
        }
        String url = call.statusCallback.split("#", 2)[0];
        Map<String, String> params = params(call, step[1], index);
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("X-Twilio-Signature", TwilioSignature.sign(config.authToken(), url, params))
                    .header("User-Agent", "TwilioProxy/1.1")
                    .POST(HttpRequest.BodyPublishers.ofString(FormCodec.encode(params), StandardCharsets.UTF_8))
                    .build();
        } catch (IllegalArgumentException e) {
            callbacksFailed.incrementAndGet();
            next(call, steps, index + 1);
            return;
        }
        // The next event waits for this one's delivery: callbacks arrive in order.
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error == null && response.statusCode() / 100 == 2) {
                callbacksSent.incrementAndGet();
            } else {
                callbacksFailed.incrementAndGet();
                LOG.debug("Call callback {} to {} failed: {}", step[1], url, error != null ? error : response.statusCode());
            }
            next(call, steps, index + 1);
        });
    }

    private static Map<String, String> params(SandboxCall call, String status, int sequence) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("AccountSid", call.accountSid);
        p.put("ApiVersion", SandboxMessage.API_VERSION);
        p.put("CallSid", call.sid);
        p.put("CallStatus", status);
        p.put("CallbackSource", "call-progress-events");
        p.put("Called", call.to);
        p.put("Caller", call.from);
        p.put("Direction", "outbound-api");
        p.put("From", call.from);
        p.put("To", call.to);
        p.put("SequenceNumber", Integer.toString(sequence));
        p.put("Timestamp", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC)));
        if ("completed".equals(status)) {
            p.put("CallDuration", Long.toString(call.duration()));
            p.put("Duration", Long.toString(Math.max(1, (call.duration() + 59) / 60)));
        }
        return p;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        io.shutdownNow();
    }
}
