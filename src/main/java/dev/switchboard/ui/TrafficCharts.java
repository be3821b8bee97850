package dev.switchboard.ui;

import dev.switchboard.api.HttpReply;
import dev.switchboard.store.OpsStore;
import dev.switchboard.twilio.TwilioErrorCodes;
import org.apache.camel.Exchange;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The data of the status page's charts ({@code GET /ui/api/charts}): the last hour's messages per minute by outcome,
 * the delivery ratio and the top error codes, read from the messages created in the last hour (the primary-key range
 * {@link OpsStore#countsSince} scans, so it matches {@code switchboard_messages}). Voice calls are left out: a call's
 * outcome is not a delivery.
 *
 * <p>An hour at a thousand messages a second is millions of rows: a reading is kept for {@link #MIN_AGE} at least,
 * and for {@link #COST_FACTOR} × what it cost, so open status pages never take more than about 1/20 of a database
 * core, however many there are.
 */
public final class TrafficCharts {

    static final Duration WINDOW = Duration.ofHours(1);
    static final Duration MIN_AGE = Duration.ofSeconds(5);
    static final int COST_FACTOR = 20;
    static final int TOP_ERRORS = 8;
    static final List<String> OUTCOMES = List.of("delivered", "sent", "pending", "failed", "suppressed");

    private final OpsStore ops;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private volatile Reading last;

    private record Reading(Map<String, Object> json, long validUntilNanos) {
    }

    public TrafficCharts(OpsStore ops, Clock clock) {
        this(ops, clock, System::nanoTime);
    }

    TrafficCharts(OpsStore ops, Clock clock, LongSupplier nanoTime) {
        this.ops = ops;
        this.clock = clock;
        this.nanoTime = nanoTime;
    }

    /** Answers the charts' JSON: the last reading while it is fresh enough, else a new one. */
    public void charts(Exchange exchange) {
        HttpReply.json(exchange, 200, read());
    }

    synchronized Map<String, Object> read() {
        Reading r = last;
        long started = nanoTime.getAsLong();
        if (r != null && started - r.validUntilNanos < 0) {
            return r.json;
        }
        Map<String, Object> json = compute(clock.instant());
        long cost = nanoTime.getAsLong() - started;
        last = new Reading(json, started + Math.max(MIN_AGE.toNanos(), COST_FACTOR * cost));
        return json;
    }

    /** The outcome a message's status counts under on the charts (calls are left out before this). */
    static String outcome(String status) {
        return switch (status) {
            case "delivered", "read" -> "delivered";
            case "sent" -> "sent";
            case "failed", "undelivered" -> "failed";
            case "suppressed", "canceled" -> "suppressed";
            default -> "pending"; // accepted, scheduled, queued, sending: not settled yet
        };
    }

    Map<String, Object> compute(Instant now) {
        Instant since = now.minus(WINDOW);
        long firstMinute = Math.floorDiv(since.getEpochSecond(), 60) + 1;
        long lastMinute = Math.floorDiv(now.getEpochSecond(), 60);
        Map<Long, Map<String, Long>> minutes = new TreeMap<>();
        for (long m = firstMinute; m <= lastMinute; m++) {
            minutes.put(m, zeros());
        }
        Map<String, Long> totals = zeros();
        Map<Integer, Long> codes = new LinkedHashMap<>();
        for (OpsStore.MinuteCount c : ops.perMinuteSince(since)) {
            if ("voice".equals(c.channel())) {
                continue;
            }
            String outcome = outcome(c.status());
            // The first, partial minute of the window counts in the totals, and is drawn with the next one.
            minutes.computeIfAbsent(Math.max(c.minute(), firstMinute), m -> zeros()).merge(outcome, c.count(), Long::sum);
            totals.merge(outcome, c.count(), Long::sum);
            if (c.errorCode() != null) {
                codes.merge(c.errorCode(), c.count(), Long::sum);
            }
        }
        long delivered = totals.get("delivered");
        long settled = delivered + totals.get("failed");

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("since", since.toString());
        json.put("until", now.toString());
        json.put("outcomes", OUTCOMES);
        json.put("minutes", minutes.entrySet().stream().map(e -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("at", Instant.ofEpochSecond(e.getKey() * 60).toString());
            row.putAll(e.getValue());
            return row;
        }).toList());
        json.put("totals", totals);
        Map<String, Object> ratio = new LinkedHashMap<>();
        ratio.put("delivered", delivered);
        ratio.put("settled", settled);
        ratio.put("ratio", settled == 0 ? null : (double) delivered / settled);
        json.put("delivery", ratio);
        json.put("errorCodes", codes.entrySet().stream()
                .sorted(Map.Entry.<Integer, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP_ERRORS)
                .map(e -> Map.of("code", e.getKey(), "count", e.getValue(),
                        "description", TwilioErrorCodes.lookup(e.getKey()).description()))
                .toList());
        return json;
    }

    private static Map<String, Long> zeros() {
        Map<String, Long> m = new LinkedHashMap<>();
        OUTCOMES.forEach(o -> m.put(o, 0L));
        return m;
    }
}
