package dev.switchboard.ui;

import dev.switchboard.api.ApiError;
import dev.switchboard.api.HttpReply;
import dev.switchboard.api.ImportsApi;
import dev.switchboard.domain.E164;
import dev.switchboard.file.ImportStore;
import dev.switchboard.observe.ThrottleMeter;
import dev.switchboard.store.Consent;
import dev.switchboard.store.MessageStore;
import dev.switchboard.store.WebhookHistory;
import dev.switchboard.store.WebhookEndpoint;
import dev.switchboard.store.WebhookEndpoints;
import dev.switchboard.store.OpsStore;
import dev.switchboard.store.StoredEvent;
import dev.switchboard.store.StoredMessage;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.Exchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The status page {@code /ui}: its static files and the JSON it reads (phone numbers always masked). */
public final class StatusPage {

    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "charts.js", "text/javascript; charset=utf-8",
            "style.css", "text/css; charset=utf-8");
    private static final int RECENT = 20;

    private final MessageStore messages;
    private final OpsStore ops;
    private final ImportStore imports;
    private final CircuitBreaker breaker;
    private final List<ThrottleMeter> throttles;
    private final Clock clock;
    private final WebhookEndpoints webhookEndpoints;
    private final WebhookHistory webhookDeliveries;

    public StatusPage(MessageStore messages, OpsStore ops, ImportStore imports, CircuitBreaker breaker,
                      List<ThrottleMeter> throttles, WebhookEndpoints webhookEndpoints,
                      WebhookHistory webhookDeliveries, Clock clock) {
        this.webhookEndpoints = webhookEndpoints;
        this.webhookDeliveries = webhookDeliveries;
        this.messages = messages;
        this.ops = ops;
        this.imports = imports;
        this.breaker = breaker;
        this.throttles = throttles;
        this.clock = clock;
    }

    /** One of the page's files from the jar; the page itself holds no data, so it needs no key. */
    public void file(Exchange exchange) {
        String path = exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class);
        String name = path == null || path.isEmpty() || path.endsWith("/ui") || path.endsWith("/ui/")
                ? "index.html" : path.substring(path.lastIndexOf('/') + 1);
        String type = FILES.get(name);
        var msg = exchange.getMessage();
        msg.removeHeaders("*");
        if (type == null) {
            throw new ApiError(404, "not_found", null, "no such file");
        }
        try (InputStream in = StatusPage.class.getResourceAsStream("/ui/" + name)) {
            msg.setBody(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        msg.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        msg.setHeader(Exchange.CONTENT_TYPE, type);
        msg.setHeader("Cache-Control", "no-store");
    }

    /** Counts of the last hour, breaker and throttles, recent opt-outs and imports. */
    public void summary(Exchange exchange) {
        Instant now = clock.instant();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("since", now.minus(Duration.ofHours(1)).toString());
        json.put("counts", ops.countsSince(now.minus(Duration.ofHours(1))).stream().map(c -> Map.of(
                "channel", c.channel(), "status", c.status(), "count", c.count())).toList());
        OpsStore.Backlog backlog = ops.backlog(now);
        Map<String, Object> lanes = new LinkedHashMap<>();
        backlog.lanes().forEach((priority, lane) -> lanes.put(priority, Map.of("depth", lane.depth(),
                "oldestDueSeconds", lane.oldestDueAge().toMillis() / 1000.0)));
        json.put("outbox", Map.of("depth", backlog.depth(), "oldestDueSeconds", backlog.oldestDueAge().toMillis() / 1000.0,
                "lanes", lanes));
        json.put("breaker", Map.of("state", breaker.getState().name(),
                "failureRate", breaker.getMetrics().getFailureRate()));
        json.put("throttles", throttles.stream().map(t -> Map.of(
                "name", t.name(), "ratePerSecond", t.ratePerSecond(), "waiting", t.waiting())).toList());
        json.put("optOuts", ops.recentOptOuts(RECENT).stream().map(StatusPage::optOut).toList());
        json.put("imports", imports.list(null, 10).stream().map(ImportsApi::toJson).toList());
        json.put("webhooks", webhooks(now));
        HttpReply.json(exchange, 200, json);
    }

    /** Endpoints of the configuration and the API first, then requests' own (at most 20 in all), and the lag. */
    private Map<String, Object> webhooks(Instant now) {
        Map<String, Long> pending = webhookDeliveries.pendingByEndpoint();
        List<Map<String, Object>> endpoints = webhookEndpoints.list().stream()
                .sorted(java.util.Comparator.comparing((WebhookEndpoint e) -> e.origin().equals(WebhookEndpoint.REQUEST)))
                .limit(RECENT).map(e -> {
                    Map<String, Object> json = new LinkedHashMap<>();
                    json.put("id", e.id());
                    json.put("url", e.url().replaceAll("\\?.*$", "")); // a query string may carry a token
                    json.put("origin", e.origin());
                    json.put("enabled", e.enabled());
                    json.put("disabledAt", e.disabledAt() == null ? null : e.disabledAt().toString());
                    json.put("failures", e.failures());
                    json.put("pending", pending.getOrDefault(e.id(), 0L));
                    return json;
                }).toList();
        Instant oldest = webhookDeliveries.oldestPending();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("endpoints", endpoints);
        json.put("oldestPendingSeconds", oldest == null ? 0 : Math.max(0, Duration.between(oldest, now).toMillis()) / 1000.0);
        return json;
    }

    /** {@code ?q=}: a message id, a recipient's number, or nothing for the newest messages. */
    public void search(Exchange exchange) {
        String q = Optional.ofNullable(exchange.getMessage().getHeader("q", String.class)).map(String::trim).orElse("");
        List<StoredMessage> found;
        if (q.isEmpty()) {
            found = messages.list(new MessageStore.Query(null, null, null, null, RECENT));
        } else if (q.startsWith("msg_")) {
            found = messages.find(q).map(List::of).orElse(List.of());
        } else {
            found = messages.list(new MessageStore.Query(E164.parse(q, "q").value(), null, null, null, RECENT));
        }
        HttpReply.json(exchange, 200, Map.of("items", found.stream().map(StatusPage::message).toList()));
    }

    /** One message and its event history. */
    public void history(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        StoredMessage m = messages.find(id)
                .orElseThrow(() -> new ApiError(404, "not_found", "id", "no message with id '" + id + "'"));
        Map<String, Object> json = message(m);
        json.put("events", messages.events(id).stream().map(StatusPage::event).toList());
        HttpReply.json(exchange, 200, json);
    }

    private static Map<String, Object> message(StoredMessage m) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", m.id());
        json.put("channel", m.channel());
        json.put("to", mask(m.to()));
        json.put("status", m.status());
        json.put("reason", m.reason());
        json.put("errorCode", m.errorCode());
        json.put("source", m.source());
        json.put("createdAt", String.valueOf(m.createdAt()));
        json.put("updatedAt", String.valueOf(m.updatedAt()));
        return json;
    }

    private static Map<String, Object> event(StoredEvent e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", e.status());
        json.put("at", String.valueOf(e.at()));
        json.put("source", e.source());
        json.put("applied", e.applied());
        json.put("errorCode", e.errorCode());
        return json;
    }

    private static Map<String, Object> optOut(Consent c) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("phone", mask(c.phone()));
        json.put("channel", c.channel());
        json.put("source", c.source());
        json.put("keyword", c.keyword());
        json.put("at", String.valueOf(c.at()));
        return json;
    }

    static String mask(String phone) {
        try {
            return new E164(phone).masked();
        } catch (RuntimeException notE164) {
            return phone == null || phone.length() <= 4 ? "•••" : "•••" + phone.substring(phone.length() - 4);
        }
    }
}
