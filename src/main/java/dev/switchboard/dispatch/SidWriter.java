package dev.switchboard.dispatch;

import dev.switchboard.store.Claim;
import dev.switchboard.store.OutboxStore;
import dev.switchboard.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Stores the SID Twilio answered with. The person has been texted (or called): losing the SID now would let the claim
 * expire and reach them again, so while the database is unreachable it keeps trying for half the lease (the claim is
 * still ours).
 */
final class SidWriter {

    private static final Logger LOG = LoggerFactory.getLogger(SidWriter.class);
    private static final Duration RETRY = Duration.ofMillis(500);

    private final OutboxStore outbox;
    private final Duration patience;

    SidWriter(OutboxStore outbox, Duration lease) {
        this.outbox = outbox;
        this.patience = lease.dividedBy(2);
    }

    /** False when the claim was already settled (another settle won: a duplicate send to investigate). */
    boolean write(Claim claim, String sid, String twilioStatus, String status, String channel) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                return outbox.markSent(claim, sid, twilioStatus, status, channel);
            } catch (StoreException e) {
                if (!e.unavailable() || System.nanoTime() > deadline) {
                    LOG.error("Message {} was sent as {} but the SID could not be stored; it may be sent again"
                            + " when its claim expires", claim.message().id(), sid);
                    throw e;
                }
                LOG.warn("Message {} sent as {}; database unreachable, retrying to store the SID", claim.message().id(), sid);
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing a SID", e);
        }
    }
}
