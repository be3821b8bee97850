package dev.switchboard.jms;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;

/** Publishes the rows committed after a feed's cursor in id order, then moves the cursor: a transactional outbox. */
public final class OutboxFeed {

    // Sending and the cursor update are two resources: publish first, move the cursor after, so a crash
    // in between republishes (at least once; consumers dedupe by id). The cursor row stays locked during a
    // round, so one instance publishes at a time and the others skip the round (SKIP LOCKED).

    /** Artemis's duplicate-detection property: the broker drops a message whose id it has seen recently. */
    static final String DUPLICATE_ID = "_AMQ_DUPL_ID";
    private static final int MAX_BATCHES_PER_ROUND = 10;
    private static final Logger LOG = LoggerFactory.getLogger(OutboxFeed.class);

    private final DataSource ds;
    private final FeedSource source;
    private final GapGuard gaps;
    private final int batch;
    private final TransactionTemplate jmsTransaction;
    private volatile ProducerTemplate template;
    private volatile boolean troubled;

    /**
     * @param jmsTransactions a transaction manager on the JMS connection factory the feed's {@code jms:} endpoint
     *                        uses: each batch is sent in one JMS transaction (the sends do not wait for the
     *                        broker one by one; the commit does, once)
     */
    OutboxFeed(DataSource ds, FeedSource source, GapGuard gaps, int batch, PlatformTransactionManager jmsTransactions) {
        this.ds = ds;
        this.source = source;
        this.gaps = gaps;
        this.batch = batch;
        this.jmsTransaction = new TransactionTemplate(jmsTransactions);
    }

    /** One round, run by the feed's timer route; returns how many rows were published. */
    public int publish(Exchange exchange) {
        ProducerTemplate producer = template(exchange.getContext());
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                Round round = publish(c, producer);
                c.commit();
                if (round.failure() == null) {
                    healthy();
                } else {
                    trouble("cannot publish to " + source.endpoint() + " (the rest follows next round)", round.failure());
                }
                return round.sent();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            trouble("database unavailable", e);
            return 0;
        }
    }

    private record Round(int sent, Exception failure) {
    }

    private Round publish(Connection c, ProducerTemplate producer) throws SQLException {
        Long cursor = FeedCursor.lock(c, source.name());
        if (cursor == null) {
            return new Round(0, null); // another instance holds the cursor and is publishing
        }
        long last = cursor;
        int sent = 0;
        Exception failure = null;
        for (int n = 0; n < MAX_BATCHES_PER_ROUND; n++) {
            List<FeedSource.Row> rows = source.read(c, last, batch);
            int ready = gaps.publishable(last, rows.stream().map(FeedSource.Row::id).toList());
            List<FeedSource.Row> publishable = rows.subList(0, ready);
            try {
                // Camel's JmsTemplate joins the transaction bound to this thread: the batch is published whole or
                // not at all, and the cursor passes it only once the broker has committed it.
                sent += jmsTransaction.execute(status -> send(producer, publishable));
            } catch (RuntimeException e) {
                failure = e instanceof FailedSend failed ? (Exception) failed.getCause() : e;
                break;
            }
            if (!publishable.isEmpty()) {
                last = publishable.get(publishable.size() - 1).id();
            }
            if (ready < rows.size() || rows.size() < batch) {
                break;
            }
        }
        if (last != cursor) {
            FeedCursor.advance(c, source.name(), last);
        }
        return new Round(sent, failure);
    }

    private int send(ProducerTemplate producer, List<FeedSource.Row> rows) {
        int sent = 0;
        for (FeedSource.Row row : rows) {
            if (row.json() != null) {
                Exchange result = producer.send(source.endpoint(), e -> {
                    e.getMessage().setHeaders(new HashMap<>(row.headers()));
                    e.getMessage().setBody(row.json());
                });
                if (result.getException() != null) {
                    throw new FailedSend(result.getException()); // rolls the batch back
                }
                sent++;
            }
        }
        return sent;
    }

    /** A send that failed inside the batch's JMS transaction. */
    private static final class FailedSend extends RuntimeException {
        FailedSend(Exception cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    private ProducerTemplate template(CamelContext context) {
        if (template == null) {
            template = context.createProducerTemplate();
        }
        return template;
    }

    // One line per outage, not one per round.
    private void trouble(String what, Exception e) {
        if (!troubled) {
            troubled = true;
            LOG.warn("Feed {} paused: {}: {}", source.name(), what, e.getMessage());
        }
    }

    private void healthy() {
        if (troubled) {
            troubled = false;
            LOG.info("Feed {} publishing again", source.name());
        }
    }
}
