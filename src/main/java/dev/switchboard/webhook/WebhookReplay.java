package dev.switchboard.webhook;

import dev.switchboard.jms.FeedCursor;
import dev.switchboard.jms.FeedSource;
import dev.switchboard.store.WebhookDeliveries;
import dev.switchboard.store.WebhookEndpoint;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * {@code POST /api/v1/webhooks/{id}/replay?since=}: the events since a time are sent to one endpoint again, each under
 * its own {@code webhook-id}. Replay stops at the fan-out's cursor, so what the fan-out has still to write is not
 * written twice; at most {@link #MAX_EVENTS} per call (the answer says when there is more).
 */
public final class WebhookReplay {

    static final int MAX_EVENTS = 100_000;
    private static final int BATCH = 500;

    /** How many events were queued, and whether the limit stopped the replay early. */
    public record Result(int queued, boolean truncated) {
    }

    private final DataSource ds;
    private final List<WebhookFanout> fanouts;
    private final WebhookDeliveries deliveries;

    public WebhookReplay(DataSource ds, List<WebhookFanout> fanouts, WebhookDeliveries deliveries) {
        this.ds = ds;
        this.fanouts = fanouts;
        this.deliveries = deliveries;
    }

    public Result replay(WebhookEndpoint endpoint, Instant since) {
        int queued = 0;
        boolean truncated = false;
        for (WebhookFanout fanout : fanouts) {
            WebhookFanout.Feed feed = fanout.feed();
            try (Connection c = ds.getConnection()) {
                long until = FeedCursor.position(c, feed.cursor());
                long after = firstAfter(c, feed, since);
                while (after < until && !truncated) {
                    List<FeedSource.Row> rows = feed.source().read(c, after, BATCH).stream()
                            .filter(r -> r.id() <= until).toList();
                    if (rows.isEmpty()) {
                        break;
                    }
                    List<WebhookDeliveries.NewEvent> events = fanout.eventsFor(c, rows, endpoint);
                    queued += deliveries.requeue(endpoint.id(), events);
                    after = rows.get(rows.size() - 1).id();
                    truncated = queued >= MAX_EVENTS;
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read events to replay: " + e.getMessage(), e);
            }
        }
        return new Result(queued, truncated);
    }

    /** The id just before the first row at or after {@code since}. */
    private static long firstAfter(Connection c, WebhookFanout.Feed feed, Instant since) throws SQLException {
        String sql = feed.status() ? "SELECT MIN(id) AS first FROM message_event WHERE occurred_at >= ?"
                : "SELECT MIN(id) AS first FROM inbound_message WHERE received_at >= ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    long first = rs.getLong(1);
                    return rs.wasNull() ? Long.MAX_VALUE : first - 1;
                }
                return Long.MAX_VALUE;
            }
        }
    }
}
