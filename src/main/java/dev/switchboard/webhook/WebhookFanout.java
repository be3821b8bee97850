package dev.switchboard.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.jms.FeedCursor;
import dev.switchboard.jms.FeedSource;
import dev.switchboard.jms.GapGuard;
import dev.switchboard.store.WebhookDeliveries;
import dev.switchboard.store.WebhookEndpoint;
import dev.switchboard.store.WebhookEndpoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns committed rows (applied status changes, inbound messages) into webhook events and one delivery per endpoint
 * that wants each, in the same transaction that moves the feed's cursor ({@code event_publication}): nothing is
 * lost across restarts and nothing is fanned out twice. The cursor row stays locked during a round, so one instance
 * fans out at a time; the rows come from the same sources, in the same order, as the JMS feeds'.
 */
public final class WebhookFanout {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(WebhookFanout.class);
    private static final int MAX_BATCHES_PER_ROUND = 10;

    /** One feed: its cursor's name, its rows, and how a row becomes an event. */
    public record Feed(String cursor, FeedSource source, String idPrefix, boolean status) {
    }

    private final DataSource ds;
    private final Feed feed;
    private final GapGuard gaps;
    private final WebhookEndpoints endpoints;
    private final int batch;
    private final Clock clock;
    private final Set<String> knownRequestEndpoints = ConcurrentHashMap.newKeySet();
    private volatile boolean troubled;
    private volatile Runnable afterWrite = () -> { };

    public WebhookFanout(DataSource ds, Feed feed, GapGuard gaps, WebhookEndpoints endpoints, int batch, Clock clock) {
        this.ds = ds;
        this.feed = feed;
        this.gaps = gaps;
        this.endpoints = endpoints;
        this.batch = batch;
        this.clock = clock;
    }

    /** Run after a round that wrote events has committed (the sender's wake-up). */
    void afterWrite(Runnable action) {
        this.afterWrite = action;
    }

    /** One round, run by the feed's timer route; returns how many events were written. */
    public int run() {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                int written = round(c);
                c.commit();
                healthy();
                if (written > 0) {
                    afterWrite.run();
                }
                return written;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            trouble(e);
            return 0;
        }
    }

    private int round(Connection c) throws SQLException {
        Long cursor = FeedCursor.lock(c, feed.cursor());
        if (cursor == null) {
            return 0; // another instance holds the cursor
        }
        knownRequestEndpoints.clear(); // made again if deleted since: a request naming its URL wants it
        List<WebhookEndpoint> subscribers = endpoints.list().stream()
                .filter(e -> !e.origin().equals(WebhookEndpoint.REQUEST)).toList();
        long last = cursor;
        int written = 0;
        for (int n = 0; n < MAX_BATCHES_PER_ROUND; n++) {
            List<FeedSource.Row> rows = subscribers.isEmpty() && feed.status() ? statusRowsForRequests(c, last)
                    : feed.source().read(c, last, batch);
            int ready = gaps.publishable(last, rows.stream().map(FeedSource.Row::id).toList());
            List<FeedSource.Row> publishable = rows.subList(0, ready);
            List<WebhookDeliveries.NewEvent> events = events(c, publishable, subscribers);
            if (!events.isEmpty()) {
                WebhookDeliveries.insert(c, events, clock.instant());
                written += events.size();
            }
            if (!publishable.isEmpty()) {
                last = publishable.get(publishable.size() - 1).id();
            }
            if (ready < rows.size() || rows.size() < batch) {
                break;
            }
        }
        if (last != cursor) {
            FeedCursor.advance(c, feed.cursor(), last);
        }
        return written;
    }

    /**
     * With no endpoint subscribed, only messages with their own statusCallbackUrl get events: the next ids are read
     * with that column alone (no event bodies, no previous status), and the feed's own read runs only when one of
     * them has a callback. Reading every event whole for nobody cost a quarter of the accept path's database time.
     */
    private List<FeedSource.Row> statusRowsForRequests(Connection c, long after) throws SQLException {
        List<FeedSource.Row> ids = new ArrayList<>();
        boolean callback = false;
        try (PreparedStatement ps = c.prepareStatement("SELECT e.id, m.status_callback FROM message_event e"
                + " JOIN message m ON m.id = e.message_id WHERE e.id > ? ORDER BY e.id LIMIT ?")) {
            ps.setLong(1, after);
            ps.setInt(2, batch);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(new FeedSource.Row(rs.getLong(1), null, Map.of()));
                    callback |= rs.getString(2) != null;
                }
            }
        }
        return callback ? feed.source().read(c, after, batch) : ids;
    }

    /** The events of some rows, each with the endpoints that want it (none: not written at all). */
    List<WebhookDeliveries.NewEvent> events(Connection c, List<FeedSource.Row> rows, List<WebhookEndpoint> subscribers)
            throws SQLException {
        Map<String, String> callbacks = feed.status() ? callbacks(c, rows) : Map.of();
        List<WebhookDeliveries.NewEvent> events = new ArrayList<>();
        for (FeedSource.Row row : rows) {
            if (row.json() == null) {
                continue;
            }
            String type = type(row);
            String messageId = (String) row.headers().get("SwitchboardMessageId");
            List<String> targets = new ArrayList<>();
            for (WebhookEndpoint e : subscribers) {
                if (e.wants(type)) {
                    targets.add(e.id());
                }
            }
            String callback = messageId == null ? null : callbacks.get(messageId);
            if (callback != null) {
                targets.add(requestEndpoint(callback));
            }
            if (!targets.isEmpty()) {
                events.add(new WebhookDeliveries.NewEvent(feed.idPrefix() + row.id(), type, messageId, body(type, row.json()),
                        targets));
            }
        }
        return events;
    }

    /** The events of some rows that go to one endpoint (replay). */
    List<WebhookDeliveries.NewEvent> eventsFor(Connection c, List<FeedSource.Row> rows, WebhookEndpoint endpoint)
            throws SQLException {
        boolean request = endpoint.origin().equals(WebhookEndpoint.REQUEST);
        return events(c, rows, request ? List.of() : List.of(endpoint)).stream()
                .filter(e -> e.endpointIds().contains(endpoint.id())).toList();
    }

    Feed feed() {
        return feed;
    }

    /** {@code message.<status>} for a status change, {@code message.inbound} for an inbound message. */
    String type(FeedSource.Row row) {
        return feed.status() ? "message." + row.headers().get("SwitchboardStatus") : "message.inbound";
    }

    /** The signed body: {@code {"type","timestamp","data"}}, data being the JMS event object as it is. */
    static String body(String type, String data) {
        try {
            JsonNode node = JSON.readTree(data);
            String timestamp = node.path("time").asText(null);
            return "{\"type\":" + JSON.writeValueAsString(type) + ",\"timestamp\":" + JSON.writeValueAsString(timestamp)
                    + ",\"data\":" + data + "}";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("feed rows are JSON written by Switchboard", e);
        }
    }

    /** The statusCallbackUrl of the messages among these rows that have one. */
    private static Map<String, String> callbacks(Connection c, List<FeedSource.Row> rows) throws SQLException {
        List<String> ids = rows.stream().filter(r -> r.json() != null)
                .map(r -> (String) r.headers().get("SwitchboardMessageId")).distinct().toList();
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<String, String> found = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, status_callback FROM message WHERE id IN ("
                + String.join(",", Collections.nCopies(ids.size(), "?")) + ") AND status_callback IS NOT NULL")) {
            for (int i = 0; i < ids.size(); i++) {
                ps.setString(i + 1, ids.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return found;
    }

    /** The endpoint of a request's statusCallbackUrl: one per URL, made (or brought back) once per round. */
    private String requestEndpoint(String url) {
        String id = WebhookConfig.requestEndpointId(url);
        if (knownRequestEndpoints.add(id)) {
            try {
                endpoints.ensure(id, url, WebhookEndpoint.REQUEST);
            } catch (RuntimeException e) {
                knownRequestEndpoints.remove(id);
                throw e;
            }
        }
        return id;
    }

    // One line per outage, not one per round.
    private void trouble(Exception e) {
        if (!troubled) {
            troubled = true;
            LOG.warn("Webhook fan-out {} paused: {}", feed.cursor(), e.getMessage());
        }
    }

    private void healthy() {
        if (troubled) {
            troubled = false;
            LOG.info("Webhook fan-out {} running again", feed.cursor());
        }
    }
}
