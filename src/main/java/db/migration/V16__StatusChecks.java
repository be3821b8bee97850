package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Issue 17, lost callbacks found in minutes: {@code check_at} is when a message or call that Twilio has taken but not
 * reported final is next fetched by SID (set with the SID and at each status change, cleared when final), and
 * {@code sent_by} the instance whose claim stored the SID, so a restarted instance fetches at once what its dead
 * predecessor sent. On PostgreSQL the index holds only the rows awaiting a fetch; H2 has no partial indexes.
 * Messages already waiting for a status (changed within the last 3 days) are due at once.
 */
public class V16__StatusChecks extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE message ADD COLUMN check_at TIMESTAMP WITH TIME ZONE");
            s.execute("ALTER TABLE message ADD COLUMN sent_by VARCHAR(64)");
            s.execute("CREATE INDEX message_check_at ON message (check_at)" + (postgres ? " WHERE check_at IS NOT NULL" : ""));
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (PreparedStatement ps = c.prepareStatement("UPDATE message SET check_at = ? WHERE twilio_sid IS NOT NULL"
                + " AND status IN ('accepted', 'queued', 'sending', 'sent', 'partially_delivered', 'initiated',"
                + " 'ringing', 'in-progress') AND updated_at > ?")) {
            ps.setObject(1, now);
            ps.setObject(2, now.minus(Duration.ofDays(3)));
            ps.executeUpdate();
        }
    }
}
