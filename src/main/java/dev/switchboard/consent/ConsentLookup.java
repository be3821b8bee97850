package dev.switchboard.consent;

import dev.switchboard.domain.Channel;

import dev.switchboard.domain.Vars;
import dev.switchboard.domain.Destinations;
import dev.switchboard.store.Claim;
import dev.switchboard.store.StoredMessage;
import org.apache.camel.Exchange;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code consent-lookup} route's two steps: its one statement ({@code sql/consent-lookup.sql}: the recipient's
 * opted-out channels and last WhatsApp message in one round trip), then the verdict on the rows it returned, judged as
 * at the front door ({@link Admission}) after the destination list (a country may have been taken off it while the
 * message waited). The statement runs through plain JDBC: through camel-sql it cost the send schedule accuracy at
 * 225 messages a second on two cores (bench/README.md, 2026-12-07).
 */
public final class ConsentLookup {

    private static final String SQL_FILE = "/sql/consent-lookup.sql";

    private final Admission admission;
    private final Destinations destinations;
    private final DataSource ds;
    private final String sql;

    public ConsentLookup(Admission admission, Destinations destinations, DataSource ds) {
        this.admission = admission;
        this.destinations = destinations;
        this.ds = ds;
        this.sql = statement();
    }

    private static String statement() {
        try (InputStream in = ConsentLookup.class.getResourceAsStream(SQL_FILE)) {
            if (in == null) {
                throw new IllegalStateException(SQL_FILE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SQL_FILE, e);
        }
    }

    /** The statement, for the claimed message's recipient: its rows become the body, as column-name maps. */
    public void read(Exchange exchange) throws SQLException {
        String to = claim(exchange).message().to();
        List<Map<String, Object>> rows = new ArrayList<>(2);
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, to);
            ps.setString(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new HashMap<>(4);
                    row.put("opted_out", rs.getString(1));
                    row.put("whatsapp_inbound_at", rs.getObject(2, OffsetDateTime.class));
                    rows.add(row);
                }
            }
        }
        exchange.getMessage().setBody(rows);
    }

    /** The verdict on the claimed message, from the statement's rows (the exchange's body). */
    public Verdict decide(Exchange exchange) {
        StoredMessage m = claim(exchange).message();
        if (!destinations.allows(m.to(), m.channel())) {
            return Verdict.suppress(Destinations.NOT_ALLOWED);
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = exchange.getMessage().getBody(List.class);
        return admission.check(facts(rows), m.channel(), m.to(), m.contentSid() != null, m.fallback(), m.priority(),
                null);
    }

    private static Claim claim(Exchange exchange) {
        return exchange.getProperty(Vars.CLAIM, Claim.class);
    }

    /** One recipient's facts from the statement's rows: opted-out channels, and the last WhatsApp message from them. */
    static Admission.Facts facts(List<Map<String, Object>> rows) {
        Set<String> optedOut = new HashSet<>();
        Instant lastWhatsApp = null;
        for (Map<String, Object> row : rows == null ? List.<Map<String, Object>>of() : rows) {
            Object channel = row.get("opted_out");
            if (channel != null) {
                optedOut.add(channel.toString());
            }
            Instant at = instant(row.get("whatsapp_inbound_at"));
            if (at != null) {
                lastWhatsApp = at;
            }
        }
        Instant whatsApp = lastWhatsApp;
        return new Admission.Facts() {
            @Override
            public boolean optedOut(String phone, String channel) {
                return optedOut.contains(channel);
            }

            @Override
            public Optional<Instant> lastInbound(String phone, String channel) {
                if (!Channel.WHATSAPP.is(channel)) {
                    throw new IllegalStateException("the consent lookup reads the WhatsApp window only, not " + channel);
                }
                return Optional.ofNullable(whatsApp);
            }
        };
    }

    /** Read as an OffsetDateTime (both drivers); a Timestamp or Instant is taken too. */
    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        if (value instanceof Instant t) {
            return t;
        }
        throw new IllegalStateException("unexpected time type from the consent lookup: " + value.getClass().getName());
    }
}
