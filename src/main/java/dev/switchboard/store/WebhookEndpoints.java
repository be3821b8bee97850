package dev.switchboard.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The webhook endpoints ({@code webhook_endpoint}): made, listed, rotated, disabled and enabled again. */
public final class WebhookEndpoints {

    private static final String COLUMNS = "id, url, description, event_types, origin, secret, previous_secret,"
            + " previous_secret_until, enabled, disabled_at, disabled_reason, failures, retry_at, created_at";

    private final DataSource ds;
    private final Clock clock;

    public WebhookEndpoints(DataSource ds, Clock clock) {
        this.ds = ds;
        this.clock = clock;
    }

    /** A new API endpoint. */
    public WebhookEndpoint create(String url, String description, List<String> eventTypes, String secret) {
        String id = "wh_" + Ids.newMessageId(clock.millis()).substring("msg_".length());
        Instant now = clock.instant();
        Jdbc.inTransaction(ds, c -> insert(c, id, url, description, eventTypes, WebhookEndpoint.API, secret, now));
        return find(id).orElseThrow();
    }

    /**
     * A configuration or request endpoint with a fixed id: made if missing, brought back if deleted, its URL kept.
     * Two instances starting at once both succeed.
     */
    public void ensure(String id, String url, String origin) {
        Instant now = clock.instant();
        try {
            Jdbc.inTransaction(ds, c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE webhook_endpoint SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL")) {
                    ps.setString(1, id);
                    ps.executeUpdate();
                }
                if (find(c, id).isEmpty()) {
                    insert(c, id, url, null, null, origin, null, now);
                }
                return null;
            });
        } catch (StoreException e) {
            if (!Jdbc.isUniqueViolation(e)) {
                throw e;
            }
        }
    }

    private static int insert(Connection c, String id, String url, String description, List<String> types,
                              String origin, String secret, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO webhook_endpoint (id, url, description,"
                + " event_types, origin, secret, enabled, failures, created_at) VALUES (?, ?, ?, ?, ?, ?, TRUE, 0, ?)")) {
            ps.setString(1, id);
            ps.setString(2, url);
            ps.setString(3, description);
            ps.setString(4, types == null ? null : String.join(",", types));
            ps.setString(5, origin);
            ps.setString(6, secret);
            Jdbc.setTime(ps, 7, now);
            return ps.executeUpdate();
        }
    }

    /** Configuration endpoints no longer in SWITCHBOARD_WEBHOOK_URLS stop receiving (their history stays). */
    public int retireConfigExcept(Collection<String> keep) {
        return Jdbc.inTransaction(ds, c -> {
            int retired = 0;
            for (WebhookEndpoint e : list(c)) {
                if (e.origin().equals(WebhookEndpoint.CONFIG) && !keep.contains(e.id())) {
                    retired += delete(c, e.id(), clock.instant());
                }
            }
            return retired;
        });
    }

    public Optional<WebhookEndpoint> find(String id) {
        return Jdbc.read(ds, c -> find(c, id));
    }

    private static Optional<WebhookEndpoint> find(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM webhook_endpoint WHERE id = ? AND deleted_at IS NULL")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /** These endpoints (those not deleted among them). */
    public List<WebhookEndpoint> findAll(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return Jdbc.read(ds, c -> {
            List<WebhookEndpoint> found = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM webhook_endpoint WHERE id IN ("
                    + String.join(",", java.util.Collections.nCopies(ids.size(), "?")) + ") AND deleted_at IS NULL")) {
                int i = 1;
                for (String id : ids) {
                    ps.setString(i++, id);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(row(rs));
                    }
                }
            }
            return found;
        });
    }

    /** Every endpoint not deleted, oldest first. */
    public List<WebhookEndpoint> list() {
        return Jdbc.read(ds, WebhookEndpoints::list);
    }

    private static List<WebhookEndpoint> list(Connection c) throws SQLException {
        List<WebhookEndpoint> all = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM webhook_endpoint WHERE deleted_at IS NULL ORDER BY created_at, id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                all.add(row(rs));
            }
        }
        return all;
    }

    /** Deleted: it receives nothing more and its undelivered events are canceled. False if there was none. */
    public boolean delete(String id) {
        return Jdbc.inTransaction(ds, c -> delete(c, id, clock.instant())) > 0;
    }

    private static int delete(Connection c, String id, Instant now) throws SQLException {
        int n;
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE webhook_endpoint SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL")) {
            Jdbc.setTime(ps, 1, now);
            ps.setString(2, id);
            n = ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE webhook_delivery SET state = 'canceled' WHERE endpoint_id = ? AND state = 'pending'")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
        return n;
    }

    /** A new secret signs from now on; the old one goes on signing too until {@code oldUntil}. */
    public void rotate(String id, String secret, Instant oldUntil) {
        Jdbc.inTransaction(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_endpoint SET previous_secret = secret,"
                    + " previous_secret_until = ?, secret = ? WHERE id = ? AND deleted_at IS NULL")) {
                Jdbc.setTime(ps, 1, oldUntil);
                ps.setString(2, secret);
                ps.setString(3, id);
                return ps.executeUpdate();
            }
        });
    }

    /** Enabled again, its failures forgotten: what waited for it is delivered now. */
    public boolean enable(String id) {
        return update("UPDATE webhook_endpoint SET enabled = TRUE, failures = 0, retry_at = NULL, disabled_at = NULL,"
                + " disabled_reason = NULL WHERE id = ? AND deleted_at IS NULL", id) > 0;
    }

    /** One more failed attempt: the endpoint's next attempt waits for {@code retryAt}. Returns the failures in a row. */
    public int failed(String id, Instant retryAt) {
        return Jdbc.inTransaction(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE webhook_endpoint SET failures = failures + 1, retry_at = ? WHERE id = ?")) {
                Jdbc.setTime(ps, 1, retryAt);
                ps.setString(2, id);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT failures FROM webhook_endpoint WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : 0;
                }
            }
        });
    }

    /** A delivered attempt ends a run of failures (one write only when there was one). */
    public void succeeded(String id) {
        update("UPDATE webhook_endpoint SET failures = 0, retry_at = NULL WHERE id = ?"
                + " AND (failures > 0 OR retry_at IS NOT NULL)", id);
    }

    /** Disables an endpoint with at least {@code failures} failures in a row; true for the instance that did it. */
    public boolean disable(String id, int failures, String reason) {
        return Jdbc.inTransaction(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_endpoint SET enabled = FALSE,"
                    + " disabled_at = ?, disabled_reason = ? WHERE id = ? AND enabled AND failures >= ?")) {
                Jdbc.setTime(ps, 1, clock.instant());
                ps.setString(2, reason);
                ps.setString(3, id);
                ps.setInt(4, failures);
                return ps.executeUpdate() > 0;
            }
        });
    }

    private int update(String sql, String id) {
        return Jdbc.inTransaction(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, id);
                return ps.executeUpdate();
            }
        });
    }

    private static WebhookEndpoint row(ResultSet rs) throws SQLException {
        String types = rs.getString("event_types");
        return new WebhookEndpoint(rs.getString("id"), rs.getString("url"), rs.getString("description"),
                types == null ? null : List.copyOf(Arrays.asList(types.split(","))), rs.getString("origin"),
                rs.getString("secret"), rs.getString("previous_secret"), Jdbc.getTime(rs, "previous_secret_until"),
                rs.getBoolean("enabled"), Jdbc.getTime(rs, "disabled_at"), rs.getString("disabled_reason"),
                rs.getInt("failures"), Jdbc.getTime(rs, "retry_at"), Jdbc.getTime(rs, "created_at"));
    }
}
