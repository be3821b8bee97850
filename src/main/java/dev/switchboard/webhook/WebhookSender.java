package dev.switchboard.webhook;

import dev.switchboard.store.WebhookDeliveries;
import dev.switchboard.store.WebhookEndpoint;
import dev.switchboard.store.WebhookEndpoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends due deliveries, each endpoint its own queue: at most {@code perEndpoint} attempts in flight to one endpoint
 * (one, a probe, while it is failing), at most {@code concurrency} in all; a failing endpoint waits out its backoff
 * without holding anyone else up. Every attempt is recorded; after {@code disableAfter} failures in a row the
 * endpoint is disabled (an ALERT line and a metric) and what comes for it waits until it is enabled again.
 */
public final class WebhookSender {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
    private static final int MAX_ENDPOINTS_PER_ROUND = 500;

    /** Limits and timings (docs/webhooks.md). */
    public record Options(int concurrency, int perEndpoint, Duration lease, Duration retryBase, Duration retryMax,
                          Duration retryWindow, int disableAfter) {
    }

    private final WebhookEndpoints endpoints;
    private final WebhookDeliveries deliveries;
    private final WebhookHttp http;
    private final Signing signing;
    private final Options options;
    private final WebhookMetrics metrics;
    private final Executor settle;
    private final Clock clock;
    private final Semaphore slots;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private int rotation;

    WebhookSender(WebhookEndpoints endpoints, WebhookDeliveries deliveries, WebhookHttp http, Signing signing,
                  Options options, WebhookMetrics metrics, Executor settle, Clock clock) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.http = http;
        this.signing = signing;
        this.options = options;
        this.metrics = metrics;
        this.settle = settle;
        this.clock = clock;
        this.slots = new Semaphore(options.concurrency());
    }

    /** One round, run by a timer route: starts the attempts that fit; returns how many. */
    public synchronized int run() {
        if (slots.availablePermits() == 0) {
            return 0;
        }
        List<String> due = deliveries.dueEndpoints(MAX_ENDPOINTS_PER_ROUND);
        if (due.isEmpty()) {
            return 0;
        }
        Map<String, WebhookEndpoint> known = new HashMap<>();
        endpoints.findAll(due).forEach(e -> known.put(e.id(), e));
        int started = 0;
        int offset = rotation++ % due.size(); // a different endpoint goes first each round
        for (int i = 0; i < due.size() && slots.availablePermits() > 0; i++) {
            WebhookEndpoint endpoint = known.get(due.get((offset + i) % due.size()));
            if (endpoint == null) {
                continue;
            }
            AtomicInteger busy = inFlight.computeIfAbsent(endpoint.id(), k -> new AtomicInteger());
            int free = Math.min((endpoint.failures() > 0 ? 1 : options.perEndpoint()) - busy.get(),
                    slots.availablePermits());
            if (free <= 0) {
                continue;
            }
            for (WebhookDeliveries.Claimed claimed : deliveries.claim(endpoint.id(), free, options.lease())) {
                slots.acquireUninterruptibly();
                busy.incrementAndGet();
                started++;
                attempt(endpoint, claimed).whenComplete((ignored, e) -> {
                    busy.decrementAndGet();
                    slots.release();
                    if (e != null) {
                        LOG.warn("Webhook delivery {} to {}: outcome not recorded ({}); it is retried when its lease ends",
                                claimed.id(), endpoint.id(), e.getMessage());
                    }
                });
            }
        }
        return started;
    }

    private java.util.concurrent.CompletableFuture<Void> attempt(WebhookEndpoint endpoint, WebhookDeliveries.Claimed d) {
        Instant at = clock.instant();
        long timestamp = at.getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", d.eventId());
        headers.put("webhook-timestamp", Long.toString(timestamp));
        String signature;
        try {
            signature = signing.signature(endpoint, d.eventId(), timestamp, d.payload(), at);
        } catch (IllegalStateException e) {
            return java.util.concurrent.CompletableFuture.runAsync(() -> settle(endpoint, d, at,
                    new WebhookHttp.Outcome(null, WebhookHttp.REFUSED + e.getMessage(), null, 0)), settle);
        }
        headers.put("webhook-signature", signature);
        return http.post(endpoint.url(), headers, d.payload())
                .thenAcceptAsync(outcome -> settle(endpoint, d, at, outcome), settle);
    }

    private void settle(WebhookEndpoint endpoint, WebhookDeliveries.Claimed d, Instant at, WebhookHttp.Outcome o) {
        WebhookDeliveries.Attempt attempt = new WebhookDeliveries.Attempt(at, o.status(), o.durationMs(), o.error());
        Instant now = clock.instant();
        if (o.delivered()) {
            deliveries.attempted(d.id(), WebhookDeliveries.DELIVERED, attempt, null);
            endpoints.succeeded(endpoint.id());
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
            deliveries.attempted(d.id(), WebhookDeliveries.PENDING, attempt, now.plus(wait));
        } else {
            deliveries.attempted(d.id(), WebhookDeliveries.FAILED, attempt, null);
            LOG.warn("Webhook event {} to endpoint {} failed for good after {} attempt(s): {}", d.eventId(),
                    endpoint.id(), d.attempt(), o.error());
        }
        metrics.delivered(endpoint, retry ? "retry" : "failed", Duration.between(at, now));
        Duration endpointWait = backoff(endpoint.failures() + 1);
        if (o.retryAfter() != null && o.retryAfter().compareTo(endpointWait) > 0) {
            endpointWait = wait;
        }
        int failures = endpoints.failed(endpoint.id(), o.retryable() ? now.plus(endpointWait) : null);
        if (failures >= options.disableAfter() && endpoints.disable(endpoint.id(), options.disableAfter(),
                failures + " failed attempts in a row, the last: " + o.error())) {
            metrics.disabled(endpoint);
            LOG.error("ALERT webhook endpoint {} ({}) disabled after {} failed attempts in a row (last: {}); its events"
                    + " wait for it: POST /api/v1/webhooks/{}/enable sends them", endpoint.id(), endpoint.origin(),
                    failures, o.error(), endpoint.id());
        }
    }

    /** Exponential from the base, capped, with jitter: a random point in the second half of the step. */
    Duration backoff(int attempt) {
        long base = options.retryBase().toMillis();
        long step = attempt >= 40 ? options.retryMax().toMillis()
                : Math.min(options.retryMax().toMillis(), base * (1L << Math.max(0, Math.min(attempt - 1, 30))));
        long half = step / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }

    /** Attempts in flight now (for tests and the status page). */
    int inFlight() {
        return options.concurrency() - slots.availablePermits();
    }
}
