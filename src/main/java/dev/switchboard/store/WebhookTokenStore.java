package dev.switchboard.store;

import dev.switchboard.security.ReplayGuard;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/** The webhook tokens already handled ({@code webhook_token}), shared by every instance on the database. */
public final class WebhookTokenStore implements ReplayGuard {

    static final Duration RETENTION = Duration.ofDays(2);
    private static final int PURGE_EVERY = 1000;

    private final DataSource ds;
    private final Clock clock;
    private final AtomicLong inserts = new AtomicLong();

    public WebhookTokenStore(DataSource ds, Clock clock) {
        this.ds = ds;
        this.clock = clock;
    }

    @Override
    public boolean seen(String token) {
        return Jdbc.read(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM webhook_token WHERE token_hash = ?")) {
                ps.setString(1, hash(token));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    @Override
    public void remember(String token) {
        try {
            Jdbc.inTransaction(ds, c -> insert(c, token, clock.instant()));
        } catch (StoreException e) {
            if (!Jdbc.isUniqueViolation(e)) { // two deliveries of one token at once: the first insert wins
                throw e;
            }
        }
        rememberedInTransaction();
    }

    @Override
    public void rememberedInTransaction() {
        if (inserts.incrementAndGet() % PURGE_EVERY == 0) {
            purge();
        }
    }

    /**
     * Records a token in the caller's transaction, so a webhook and its token commit together (one commit per
     * status callback instead of two). A second delivery of the same token fails this insert with a unique
     * violation, which rolls its whole transaction back.
     */
    static int insert(Connection c, String token, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO webhook_token (token_hash, seen_at) VALUES (?, ?)")) {
            ps.setString(1, hash(token));
            Jdbc.setTime(ps, 2, at);
            return ps.executeUpdate();
        }
    }

    /** Deletes tokens older than the retention; returns how many. */
    public int purge() {
        return Jdbc.inTransaction(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM webhook_token WHERE seen_at < ?")) {
                Jdbc.setTime(ps, 1, clock.instant().minus(RETENTION));
                return ps.executeUpdate();
            }
        });
    }

    // Stored hashed: a fixed width whatever the header holds.
    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
