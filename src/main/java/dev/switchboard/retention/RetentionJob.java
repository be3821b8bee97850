package dev.switchboard.retention;

import dev.switchboard.store.Retention;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One retention run: the database a batch at a time, then the imported files; one line saying what it did. */
public final class RetentionJob {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

    private final Retention database;
    private final FileRetention files;
    private final int days;

    public RetentionJob(Retention database, FileRetention files, int days) {
        this.database = database;
        this.files = files;
        this.days = days;
    }

    public Retention.Result run() {
        long started = System.nanoTime();
        Retention.Result r = database.run();
        int deleted = files.run();
        long total = r.messages() + r.inbound() + r.verifications() + r.other();
        if (total > 0 || deleted > 0) {
            LOG.info("Retention ({} days): erased {} messages, {} inbound messages, {} verification recipients, {} other"
                            + " rows, deleted {} imported files, in {} ms ({} batches, the longest {} ms)", days,
                    r.messages(), r.inbound(), r.verifications(), r.other(), deleted,
                    (System.nanoTime() - started) / 1_000_000, r.batches(), r.longestBatch().toMillis());
        }
        return r;
    }
}
