package dev.switchboard.store;

import java.time.Duration;

/** What the outbox needs to give each claimed message its send time: who sends it, and how fast each sender may go. */
public interface Pacing {

    /** The sender Twilio will judge the message by (its From, or the service SID / default number). */
    String senderOf(StoredMessage message);

    /** Messages per second for this sender. */
    double rateOf(String sender);

    /** Messages per second for the whole account, across every instance. */
    double accountRate();

    /** Only messages whose send time falls within this much of now are claimed; the rest wait in the outbox. */
    Duration horizon();

    /** No message is given a send time sooner than this from now: the time it needs to reach its wait. */
    Duration lead();

    /**
     * The share of each sender's slots bulk messages keep while transactional ones wait (0 to below 1): bulk is
     * never starved. None by default.
     */
    default double bulkMinShare() {
        return 0;
    }

    /**
     * How long a request handed to the send stage now would wait there before it may leave: this instance's send
     * gate running behind real time. New send times start no sooner, so a backlog in front of the gate drains
     * instead of standing. None by default.
     */
    default Duration sendBacklog() {
        return Duration.ZERO;
    }
}
