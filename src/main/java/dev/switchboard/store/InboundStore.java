package dev.switchboard.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Inbound messages, the conversation window they open, and the consent change a keyword makes,
 * committed together; a webhook replayed with the same MessageSid changes nothing.
 */
public final class InboundStore {

    private final DataSource ds;
    private final Clock clock;
    private final ConsentStore consents;

    public InboundStore(DataSource ds, Clock clock, ConsentStore consents) {
        this.ds = ds;
        this.clock = clock;
        this.consents = consents;
    }

    /** Returns false when this MessageSid was already recorded (nothing written). */
    public boolean record(InboundMessage message, String phone, Consent consentChange) {
        try {
            return Jdbc.inTransaction(ds, c -> write(c, message, phone, consentChange));
        } catch (StoreException e) {
            if (!Jdbc.isUniqueViolation(e)) {
                throw e;
            }
            // A replay raced in (the retry finds its SID and writes nothing), or a first message from this
            // person raced another on the conversation row (the retry updates it).
            return Jdbc.inTransaction(ds, c -> write(c, message, phone, consentChange));
        }
    }

    private boolean write(Connection c, InboundMessage m, String phone, Consent consentChange) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM inbound_message WHERE message_sid = ?")) {
            ps.setString(1, m.messageSid());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return false;
                }
            }
        }
        Instant now = clock.instant();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO inbound_message (message_sid, channel, from_number,"
                + " to_number, body, keyword, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, m.messageSid());
            ps.setString(2, m.channel());
            ps.setString(3, m.from());
            ps.setString(4, m.to());
            ps.setString(5, m.body());
            ps.setString(6, m.keyword());
            Jdbc.setTime(ps, 7, now);
            ps.executeUpdate();
        }
        touchConversation(c, phone, m.channel(), now);
        if (consentChange != null) {
            consents.record(c, consentChange);
        }
        return true;
    }

    private static void touchConversation(Connection c, String phone, String channel, Instant at) throws SQLException {
        int updated;
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE conversation SET last_inbound_at = ? WHERE phone = ? AND channel = ?")) {
            Jdbc.setTime(ps, 1, at);
            ps.setString(2, phone);
            ps.setString(3, channel);
            updated = ps.executeUpdate();
        }
        if (updated == 0) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO conversation (phone, channel, last_inbound_at) VALUES (?, ?, ?)")) {
                ps.setString(1, phone);
                ps.setString(2, channel);
                Jdbc.setTime(ps, 3, at);
                ps.executeUpdate();
            }
        }
    }

    /** When the person last wrote to us on this channel, if ever. */
    public Optional<Instant> lastInbound(String phone, String channel) {
        return Jdbc.read(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT last_inbound_at FROM conversation WHERE phone = ? AND channel = ?")) {
                ps.setString(1, phone);
                ps.setString(2, channel);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(Jdbc.getTime(rs, "last_inbound_at")) : Optional.empty();
                }
            }
        });
    }

    /** When each of these people last wrote to us on this channel, read in one query; those who never did are absent. */
    public Map<String, Instant> lastInboundAmong(Collection<String> phones, String channel) {
        if (phones.isEmpty()) {
            return Map.of();
        }
        return Jdbc.read(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT phone, last_inbound_at FROM conversation WHERE channel = ? AND phone = ANY (?)")) {
                ps.setString(1, channel);
                ps.setArray(2, c.createArrayOf("varchar", phones.toArray()));
                Map<String, Instant> out = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString("phone"), Jdbc.getTime(rs, "last_inbound_at"));
                    }
                }
                return out;
            }
        });
    }
}
