package dev.switchboard.dispatch;

import dev.switchboard.store.Claim;
import dev.switchboard.store.OutboxStore;
import dev.switchboard.store.PacedClaims;
import dev.switchboard.store.Pacing;
import dev.switchboard.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * Claims the next batch of due messages. Messages are claimed with their send time, only when it is at
 * most the pacing horizon away ({@link PacedClaims}); calls in batches kept small enough that, at their
 * rate, the last reaches Twilio well inside the lease. Either way no claim expires while it waits (an
 * expired claim would let another instance send the same message).
 */
public final class OutboxPoller {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxPoller.class);

    private final OutboxStore outbox;
    private final PacedClaims paced;
    private final Pacing pacing;
    private final OutboxStore.Lane lane;
    private final String owner;
    private final int batch;
    private final Duration lease;
    private volatile boolean databaseDown;

    /** The message lane, paced by the database-held send schedule. */
    public OutboxPoller(PacedClaims paced, Pacing pacing, String owner, int maxBatch, Duration lease) {
        this.outbox = null;
        this.paced = paced;
        this.pacing = pacing;
        this.lane = OutboxStore.Lane.MESSAGES;
        this.owner = owner;
        this.lease = lease;
        this.batch = Math.max(1, maxBatch);
    }

    /** A poller for one lane of the outbox (messages, or calls at their own rate). */
    public OutboxPoller(OutboxStore outbox, OutboxStore.Lane lane, String owner, int maxBatch, double ratePerSecond,
                        Duration lease) {
        this.outbox = outbox;
        this.paced = null;
        this.pacing = null;
        this.lane = lane;
        this.owner = owner;
        this.lease = lease;
        long safe = (long) Math.floor(ratePerSecond * lease.toSeconds() / 3.0);
        this.batch = (int) Math.max(1, Math.min(maxBatch, safe));
    }

    /** The next batch; empty while the database is unreachable (logged once when it goes and once when it returns). */
    public List<Claim> claim() {
        try {
            List<Claim> claims = paced != null ? paced.claim(owner, batch, lease, pacing)
                    : outbox.claimDue(lane, owner, batch, lease);
            if (databaseDown) {
                databaseDown = false;
                LOG.info("Database reachable again: dispatching resumes");
            }
            return claims;
        } catch (StoreException e) {
            if (!e.unavailable()) {
                throw e;
            }
            if (!databaseDown) {
                databaseDown = true;
                LOG.error("Database unreachable: dispatching paused until it returns ({})", e.getMessage());
            }
            return List.of();
        }
    }

    public int batch() {
        return batch;
    }

    public String owner() {
        return owner;
    }
}
