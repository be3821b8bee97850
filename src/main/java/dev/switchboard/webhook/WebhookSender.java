package dev.switchboard.webhook;

import dev.switchboard.store.WebhookDeliveries;
import dev.switchboard.store.WebhookEndpoint;
import dev.switchboard.store.WebhookEndpoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends due deliveries, each endpoint its own queue: a few of its deliveries are leased at a time
 * ({@value #QUEUED_PER_SLOT} per attempt it may have in flight) and sent as attempts finish, at most
 * {@code perEndpoint} in flight to one endpoint (one, a probe, while it is failing: the rest of its queue goes back
 * to wait out its backoff), at most {@code concurrency} in all. A slow or failing endpoint holds up no other. Every
 * attempt is recorded; after {@code disableAfter} failures in a row the endpoint is disabled (an ALERT line and a
 * metric) and what comes for it waits until it is enabled again.
 */
public final class WebhookSender {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
    private static final int MAX_ENDPOINTS_PER_ROUND = 500;
    /** Deliveries leased per attempt an endpoint may have in flight: the lease covers their wait in the queue. */
    static final int QUEUED_PER_SLOT = 4;

    /** Limits and timings (docs/webhooks.md). {@code lease} must outlast {@value #QUEUED_PER_SLOT} + 1 attempts. */
    public record Options(int concurrency, int perEndpoint, Duration lease, Duration retryBase, Duration retryMax,
                          Duration retryWindow, int disableAfter) {
    }

    /** One endpoint's queue; guarded by itself. */
    private static final class Queue {
        final String id;
        WebhookEndpoint endpoint;
        boolean failing;
        Instant retryAt;
        boolean refilling;
        int inFlight;
        final ArrayDeque<WebhookDeliveries.Claimed> waiting = new ArrayDeque<>();

        Queue(WebhookEndpoint endpoint) {
            this.id = endpoint.id();
            this.endpoint = endpoint;
        }
    }

    private final WebhookEndpoints endpoints;
    private final WebhookDeliveries deliveries;
    private final WebhookHttp http;
    private final Signing signing;
    private final Options options;
    private final WebhookMetrics metrics;
    private final Executor work;
    private final OutcomeWriter outcomes;
    private final Clock clock;
    private final Semaphore slots;
    private final Map<String, Queue> queues = new ConcurrentHashMap<>();
    private int rotation;
    private final java.util.concurrent.atomic.AtomicBoolean wakePending = new java.util.concurrent.atomic.AtomicBoolean();

    /** {@code work} runs the database side (claims, outcomes) off the HTTP client's threads. */
    WebhookSender(WebhookEndpoints endpoints, WebhookDeliveries deliveries, WebhookHttp http, Signing signing,
                  Options options, WebhookMetrics metrics, Executor work, OutcomeWriter outcomes, Clock clock) {
        this.outcomes = outcomes;
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.http = http;
        this.signing = signing;
        this.options = options;
        this.metrics = metrics;
        this.work = work;
        this.clock = clock;
        this.slots = new Semaphore(options.concurrency());
    }

    /** One round (timer route, and after each fan-out that wrote events): fills the queues of due endpoints. */
    public synchronized int run() {
        List<String> due = deliveries.dueEndpoints(MAX_ENDPOINTS_PER_ROUND);
        int started = 0;
        if (!due.isEmpty()) {
            List<WebhookEndpoint> found = endpoints.findAll(due);
            int offset = Math.floorMod(rotation++, found.size()); // another endpoint goes first each round
            for (int i = 0; i < found.size(); i++) {
                WebhookEndpoint e = found.get((offset + i) % found.size());
                Queue q = queues.computeIfAbsent(e.id(), k -> new Queue(e));
                synchronized (q) {
                    q.endpoint = e;
                    q.failing = e.failures() > 0;
                    q.retryAt = e.retryAt();
                }
                refill(q);
            }
        }
        for (Queue q : queues.values()) {
            started += pump(q); // queues that waited for a free slot
            synchronized (q) {
                if (q.waiting.isEmpty() && q.inFlight == 0 && !q.refilling && !due.contains(q.id)) {
                    queues.remove(q.id, q); // idle: thousands of endpoints over time keep no memory here
                }
            }
        }
        return started;
    }

    /** Wakes the sender now (the fan-out wrote events): a round on the work executor. */
    public void wake() {
        if (!wakePending.compareAndSet(false, true)) {
            return; // one round already on its way
        }
        work.execute(() -> {
            wakePending.set(false);
            try {
                run();
            } catch (RuntimeException e) {
                LOG.debug("Webhook round failed ({}); the timer runs the next", e.getMessage());
            }
        });
    }

    private void refill(Queue q) {
        int want;
        synchronized (q) {
            want = (q.failing ? 1 : options.perEndpoint() * QUEUED_PER_SLOT) - q.waiting.size() - q.inFlight;
            if (want <= 0 || q.refilling || (q.retryAt != null && clock.instant().isBefore(q.retryAt))) {
                return;
            }
            q.refilling = true;
        }
        List<WebhookDeliveries.Claimed> claimed;
        try {
            claimed = deliveries.claim(q.id, want, options.lease());
        } finally {
            synchronized (q) {
                q.refilling = false;
            }
        }
        synchronized (q) {
            q.waiting.addAll(claimed);
        }
        pump(q);
    }

    private int pump(Queue q) {
        List<WebhookDeliveries.Claimed> start = new ArrayList<>();
        WebhookEndpoint endpoint;
        synchronized (q) {
            int cap = q.failing ? 1 : options.perEndpoint();
            while (q.inFlight < cap && !q.waiting.isEmpty() && slots.tryAcquire()) {
                start.add(q.waiting.poll());
                q.inFlight++;
            }
            endpoint = q.endpoint;
        }
        for (WebhookDeliveries.Claimed d : start) {
            Instant at = clock.instant();
            // The slot is the HTTP request's: freed as soon as the answer is in; the outcome is recorded after.
            attempt(endpoint, d, at).whenComplete((outcome, e) -> {
                boolean low;
                synchronized (q) {
                    q.inFlight--;
                    low = q.waiting.size() < options.perEndpoint();
                }
                slots.release();
                work.execute(() -> {
                    try {
                        settle(endpoint, d, at, outcome != null ? outcome
                                : new WebhookHttp.Outcome(null, String.valueOf(e), null, 0));
                    } catch (RuntimeException failure) {
                        LOG.warn("Webhook delivery {} to {}: outcome not recorded ({}); sent again when its lease ends",
                                d.id(), endpoint.id(), failure.getMessage());
                    }
                    pump(q);
                    if (low) {
                        refillQuietly(q);
                    }
                });
            });
        }
        return start.size();
    }

    private void refillQuietly(Queue q) {
        try {
            refill(q);
        } catch (RuntimeException e) {
            LOG.debug("Webhook queue {} not refilled ({}); the timer tries again", q.id, e.getMessage());
        }
    }

    private CompletableFuture<WebhookHttp.Outcome> attempt(WebhookEndpoint endpoint, WebhookDeliveries.Claimed d,
                                                           Instant at) {
        long timestamp = at.getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", d.eventId());
        headers.put("webhook-timestamp", Long.toString(timestamp));
        try {
            headers.put("webhook-signature", signing.signature(endpoint, d.eventId(), timestamp, d.payload(), at));
        } catch (IllegalStateException e) {
            return CompletableFuture.completedFuture(new WebhookHttp.Outcome(null, WebhookHttp.REFUSED + e.getMessage(),
                    null, 0));
        }
        return http.post(endpoint.url(), headers, d.payload());
    }

    private void settle(WebhookEndpoint endpoint, WebhookDeliveries.Claimed d, Instant at, WebhookHttp.Outcome o) {
        WebhookDeliveries.Attempt attempt = new WebhookDeliveries.Attempt(at, o.status(), o.durationMs(), o.error());
        Instant now = clock.instant();
        Queue q = queues.get(endpoint.id());
        if (o.delivered()) {
            outcomes.write(new WebhookDeliveries.Outcome(d.id(), WebhookDeliveries.DELIVERED, attempt, null));
            boolean wasFailing = false;
            if (q != null) {
                synchronized (q) {
                    wasFailing = q.failing;
                    q.failing = false;
                    q.retryAt = null;
                }
            }
            if (wasFailing || endpoint.failures() > 0) {
                endpoints.succeeded(endpoint.id());
            }
            metrics.delivered(endpoint, "delivered", Duration.between(at, now));
            return;
        }
        Instant first = d.firstAttemptAt() == null ? at : d.firstAttemptAt();
        boolean retry = o.retryable() && now.isBefore(first.plus(options.retryWindow()));
        Duration wait = backoff(d.attempt());
        if (o.retryAfter() != null && o.retryAfter().compareTo(wait) > 0) {
            wait = o.retryAfter().compareTo(options.retryMax()) > 0 ? options.retryMax() : o.retryAfter();
        }
        if (retry) {
            outcomes.write(new WebhookDeliveries.Outcome(d.id(), WebhookDeliveries.PENDING, attempt, now.plus(wait)));
        } else {
            outcomes.write(new WebhookDeliveries.Outcome(d.id(), WebhookDeliveries.FAILED, attempt, null));
            LOG.warn("Webhook event {} to endpoint {} failed for good after {} attempt(s): {}", d.eventId(),
                    endpoint.id(), d.attempt(), o.error());
        }
        metrics.delivered(endpoint, retry ? "retry" : "failed", Duration.between(at, now));
        Instant endpointRetry = null;
        if (o.retryable()) {
            Duration endpointWait = backoff(endpoint.failures() + 1);
            endpointRetry = now.plus(o.retryAfter() != null && o.retryAfter().compareTo(endpointWait) > 0 ? wait : endpointWait);
            if (q != null) {
                backOff(q, endpointRetry);
            }
        }
        int failures = endpoints.failed(endpoint.id(), endpointRetry);
        if (failures >= options.disableAfter() && endpoints.disable(endpoint.id(), options.disableAfter(),
                failures + " failed attempts in a row, the last: " + o.error())) {
            metrics.disabled(endpoint);
            LOG.error("ALERT webhook endpoint {} ({}) disabled after {} failed attempts in a row (last: {}); its events"
                    + " wait for it: POST /api/v1/webhooks/{}/enable sends them", endpoint.id(), endpoint.origin(),
                    failures, o.error(), endpoint.id());
        }
    }

    /** The endpoint is failing: one probe at a time from now, and what its queue held waits out the backoff. */
    private void backOff(Queue q, Instant until) {
        List<Long> queued = new ArrayList<>();
        synchronized (q) {
            q.failing = true;
            q.retryAt = until;
            q.waiting.forEach(d -> queued.add(d.id()));
            q.waiting.clear();
        }
        deliveries.release(queued, until);
    }

    /** Exponential from the base, capped, with jitter: a random point in the second half of the step. */
    Duration backoff(int attempt) {
        long base = options.retryBase().toMillis();
        long step = attempt >= 40 ? options.retryMax().toMillis()
                : Math.min(options.retryMax().toMillis(), base * (1L << Math.max(0, Math.min(attempt - 1, 30))));
        long half = step / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }
}
