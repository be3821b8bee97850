package dev.switchboard.sandbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Plays each message's life after creation (sent, then delivered or undelivered) and POSTs signed status callbacks. */
final class StatusCallbacks implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusCallbacks.class);
    private static final int UNREACHABLE = 30003;

    private record Event(String status, Integer errorCode, String errorMessage) {
    }

    private final SandboxConfig config;
    private final SandboxState state;
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(new DaemonThreads("sandbox-lifecycle-"));
    private final ExecutorService io = Executors.newCachedThreadPool(new DaemonThreads("sandbox-callback-"));
    private final AtomicBoolean warned = new AtomicBoolean();
    private final HttpClient client;

    StatusCallbacks(SandboxConfig config, SandboxState state) {
        this.config = config;
        this.state = state;
        // Twilio's webhook timeouts (FACTS.md): connect 5 s, whole request 15 s; HTTP/1.1 like TwilioProxy.
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(io)
                .build();
    }

    /** Starts the life of a new message; Twilio sends no callback for the initial queued/accepted status. */
    void start(SandboxMessage message, SandboxState.Fate fate) {
        List<Event> events = new ArrayList<>(List.of(new Event("sent", null, null),
                fate.undelivered()
                        ? new Event("undelivered", UNREACHABLE, "Unreachable destination handset")
                        : new Event("delivered", null, null)));
        if (fate.reversed()) {
            Collections.reverse(events);
        }
        next(message, events, 0);
    }

    private void next(SandboxMessage message, List<Event> events, int index) {
        if (index >= events.size()) {
            return;
        }
        try {
            scheduler.schedule(() -> fire(message, events, index), config.callbackDelayMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            LOG.debug("Sandbox closed; {} stops at {}", message.sid, message.status());
        }
    }

    private void fire(SandboxMessage message, List<Event> events, int index) {
        Event event = events.get(index);
        message.advance(event.status(), event.errorCode(), event.errorMessage(), Instant.now());
        if (message.statusCallback == null) {
            next(message, events, index + 1);
            return;
        }
        // The next event waits for this delivery so a receiver sees exactly the order chosen above.
        post(message, event).whenComplete((ignored, error) -> next(message, events, index + 1));
    }

    private CompletableFuture<Void> post(SandboxMessage message, Event event) {
        // A #ct=…&rt=… fragment holds connection overrides; Twilio neither sends nor signs it.
        String url = message.statusCallback.split("#", 2)[0];
        Map<String, String> params = params(message, event);
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("X-Twilio-Signature", TwilioSignature.sign(config.authToken(), url, params))
                    .header("I-Twilio-Idempotency-Token", idempotencyToken(message, event))
                    .header("User-Agent", "TwilioProxy/1.1")
                    .POST(HttpRequest.BodyPublishers.ofString(FormCodec.encode(params), StandardCharsets.UTF_8))
                    .build();
        } catch (IllegalArgumentException e) {
            failed(url, event, "invalid URL: " + e.getMessage());
            return CompletableFuture.completedFuture(null);
        }
        long started = System.nanoTime();
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, error) -> {
                    state.callbackTimes.record(System.nanoTime() - started);
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null
                                ? error.getCause() : error;
                        failed(url, event, cause.toString());
                    } else if (response.statusCode() / 100 != 2) {
                        failed(url, event, "HTTP " + response.statusCode());
                    } else {
                        state.callbacksSent.incrementAndGet();
                    }
                    return null;
                });
    }

    private Map<String, String> params(SandboxMessage message, Event event) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", message.accountSid);
        params.put("ApiVersion", SandboxMessage.API_VERSION);
        params.put("MessageSid", message.sid);
        params.put("SmsSid", message.sid);
        params.put("MessageStatus", event.status());
        params.put("SmsStatus", event.status());
        if (message.from != null) {
            params.put("From", message.from);
        }
        params.put("To", message.to);
        if (message.messagingServiceSid != null) {
            params.put("MessagingServiceSid", message.messagingServiceSid);
        }
        if (event.errorCode() != null) {
            params.put("ErrorCode", event.errorCode().toString());
        }
        return params;
    }

    /** Derived from the event, not random, so a retry of the same event would carry the same token. */
    private static String idempotencyToken(SandboxMessage message, Event event) {
        String key = message.accountSid + "/" + message.sid + "/" + event.status();
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private void failed(String url, Event event, String reason) {
        state.callbacksFailed.incrementAndGet();
        // A dead receiver would otherwise log once per message: warn the first time, then stay at debug.
        if (warned.compareAndSet(false, true)) {
            LOG.warn("Status callback {} to {} failed: {} (further failures are logged at debug)",
                    event.status(), url, reason);
        } else {
            LOG.debug("Status callback {} to {} failed: {}", event.status(), url, reason);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        io.shutdownNow();
    }
}
