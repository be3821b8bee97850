package dev.switchboard.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-applies kept callbacks whose SID has since been stored: closes the race where a callback and
 * the dispatcher's write of that SID commit at the same moment and neither sees the other.
 */
public final class OrphanSweep {

    private static final Logger LOG = LoggerFactory.getLogger(OrphanSweep.class);

    private final DataSource ds;
    private final StatusStore statuses;

    public OrphanSweep(DataSource ds, StatusStore statuses) {
        this.ds = ds;
        this.statuses = statuses;
    }

    /** Returns how many SIDs had waiting callbacks applied. */
    public int run() {
        List<String> sids = Jdbc.read(ds, c -> {
            List<String> found = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT o.twilio_sid FROM callback_orphan o"
                    + " JOIN message m ON m.twilio_sid = o.twilio_sid WHERE o.resolved_at IS NULL");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
            return found;
        });
        int applied = 0;
        for (String sid : sids) {
            try {
                Jdbc.inTransaction(ds, c -> {
                    statuses.replayOrphans(c, sid);
                    return null;
                });
                applied++;
            } catch (StoreException e) {
                // One SID's trouble must not hold back the others; it is retried on the next sweep.
                LOG.warn("Could not apply kept callbacks for {}: {}", sid, e.getMessage());
            }
        }
        return applied;
    }
}
