package dev.switchboard.webhook;

import dev.switchboard.store.WebhookDeliveries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Writes attempts' outcomes to the database on one thread, as many as have come in one transaction: a burst of
 * answers costs one commit, not one each. An outcome not written (the database down for longer than the retries)
 * leaves its delivery leased: it is sent again when the lease ends, under the same webhook-id.
 */
final class OutcomeWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeWriter.class);
    private static final int MAX_BATCH = 500;
    private static final int TRIES = 5;

    private final WebhookDeliveries deliveries;
    private final BlockingQueue<WebhookDeliveries.Outcome> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    OutcomeWriter(WebhookDeliveries deliveries) {
        this.deliveries = deliveries;
        this.thread = new Thread(this::loop, "webhook-outcomes");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    void write(WebhookDeliveries.Outcome outcome) {
        queue.add(outcome);
    }

    private void loop() {
        List<WebhookDeliveries.Outcome> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                WebhookDeliveries.Outcome first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                writeWithRetries(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void writeWithRetries(List<WebhookDeliveries.Outcome> batch) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                deliveries.attempted(batch);
                return;
            } catch (RuntimeException e) {
                if (attempt == TRIES || !running) {
                    LOG.warn("{} webhook outcome(s) not recorded ({}); their deliveries are sent again when their"
                            + " leases end", batch.size(), e.getMessage());
                    return;
                }
                Thread.sleep(200L * attempt);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
