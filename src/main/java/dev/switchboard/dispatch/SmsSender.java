package dev.switchboard.dispatch;

import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import dev.switchboard.Vars;
import dev.switchboard.store.Claim;
import dev.switchboard.store.OutboxStore;
import dev.switchboard.store.StoreException;
import dev.switchboard.store.StoredMessage;
import dev.switchboard.twilio.TwilioAccess;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CircuitBreakerConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Turns a claimed SMS into camel-twilio's {@code message/creator} headers, and settles the claim with Twilio's answer. */
public final class SmsSender {

    private static final Logger LOG = LoggerFactory.getLogger(SmsSender.class);
    private static final String H = "CamelTwilio.";
    private static final Duration SID_WRITE_RETRY = Duration.ofMillis(500);

    private final TwilioAccess twilio;
    private final URI statusCallback;
    private final OutboxStore outbox;
    private final Backoff backoff;
    private final Duration breakerPause;
    private final Duration sidWritePatience;
    private final Clock clock;

    public SmsSender(TwilioAccess twilio, String publicUrl, OutboxStore outbox, Backoff backoff,
                     Duration breakerPause, Duration lease, Clock clock) {
        this.twilio = twilio;
        this.statusCallback = URI.create(publicUrl.replaceAll("/+$", "") + "/twilio/status");
        this.outbox = outbox;
        this.backoff = backoff;
        this.breakerPause = breakerPause;
        this.sidWritePatience = lease.dividedBy(2);
        this.clock = clock;
    }

    /** Sets the creator's arguments as headers (never as URI options: no message data in endpoint URIs). */
    public void prepare(Exchange exchange) {
        Claim claim = exchange.getMessage().getBody(Claim.class);
        exchange.setProperty(Vars.CLAIM, claim);
        StoredMessage m = claim.message();
        var msg = exchange.getMessage();
        msg.removeHeaders("*");
        msg.setHeader(H + "to", new PhoneNumber(m.to()));
        if (m.from() != null) {
            msg.setHeader(H + "from", new PhoneNumber(m.from()));
        } else if (twilio.messagingServiceSid() != null) {
            msg.setHeader(H + "messagingServiceSid", twilio.messagingServiceSid());
        } else {
            msg.setHeader(H + "from", new PhoneNumber(twilio.phoneNumber()));
        }
        msg.setHeader(H + "body", m.body());
        msg.setHeader(H + "statusCallback", statusCallback);
        msg.setBody(null);
    }

    /** Records Twilio's answer, or the failure, exactly once for this claim (later calls do nothing). */
    public void settle(Exchange exchange) {
        if (exchange.getProperty(Vars.SETTLED, false, Boolean.class)) {
            return;
        }
        exchange.setProperty(Vars.SETTLED, true);
        Claim claim = exchange.getProperty(Vars.CLAIM, Claim.class);
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Object body = exchange.getMessage().getBody();
        if (failure == null && body instanceof Message sent) {
            recordSent(claim, sent);
        } else if (failure == null && shortCircuited(exchange)) {
            outbox.release(claim, clock.instant().plus(breakerPause), "circuit breaker open: not attempted");
        } else {
            recordFailure(claim, failure != null ? failure : new IllegalStateException("no answer from camel-twilio"));
        }
        exchange.setException(null);
    }

    private static boolean shortCircuited(Exchange exchange) {
        return Boolean.TRUE.equals(exchange.getProperty(CircuitBreakerConstants.RESPONSE_SHORT_CIRCUITED, Boolean.class));
    }

    private void recordSent(Claim claim, Message sent) {
        String twilioStatus = sent.getStatus() == null ? "queued" : sent.getStatus().toString();
        // Twilio's accepted/scheduled (Messaging Services) are events; our status stays accepted.
        String status = "queued".equals(twilioStatus) || "sending".equals(twilioStatus) || "sent".equals(twilioStatus)
                ? twilioStatus : "accepted";
        if (!recordSid(claim, sent.getSid(), twilioStatus, status)) {
            LOG.error("Message {} was sent as {} but its claim was already settled: check for a duplicate send",
                    claim.message().id(), sent.getSid());
        } else {
            LOG.info("Message {} sent to Twilio as {} ({})", claim.message().id(), sent.getSid(), twilioStatus);
        }
    }

    /**
     * The person has been texted: losing the SID now would let the claim expire and text them again.
     * While the database is unreachable, keep trying for half the lease (the claim is still ours).
     */
    private boolean recordSid(Claim claim, String sid, String twilioStatus, String status) {
        long deadline = System.nanoTime() + sidWritePatience.toNanos();
        while (true) {
            try {
                return outbox.markSent(claim, sid, twilioStatus, status);
            } catch (StoreException e) {
                if (!e.unavailable() || System.nanoTime() > deadline) {
                    LOG.error("Message {} was sent as {} but the SID could not be stored; it may be sent again"
                            + " when its claim expires", claim.message().id(), sid);
                    throw e;
                }
                LOG.warn("Message {} sent as {}; database unreachable, retrying to store the SID", claim.message().id(), sid);
                pause(SID_WRITE_RETRY);
            }
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing a SID", e);
        }
    }

    private void recordFailure(Claim claim, Throwable failure) {
        TwilioFailure f = TwilioFailure.classify(failure);
        String id = claim.message().id();
        switch (f.kind()) {
            case BREAKER_OPEN -> outbox.release(claim, clock.instant().plus(breakerPause),
                    "circuit breaker open: not attempted");
            case PERMANENT -> {
                outbox.markFailed(claim, f.errorCode(), f.message());
                LOG.warn("Message {} failed permanently: Twilio {} ({})", id, f.errorCode(), f.httpStatus());
            }
            case TRANSIENT -> {
                if (backoff.exhausted(claim.attempt())) {
                    outbox.markFailed(claim, f.errorCode(), "gave up after " + claim.attempt() + " attempts: " + f.message());
                    LOG.warn("Message {} failed after {} attempts: {}", id, claim.attempt(), f.message());
                } else {
                    Instant next = clock.instant().plus(backoff.delayAfter(claim.attempt()));
                    outbox.retryLater(claim, next, f.errorCode(), f.message());
                    LOG.info("Message {} attempt {} failed transiently ({}); retry at {}", id, claim.attempt(),
                            f.httpStatus() == null ? "no answer" : "HTTP " + f.httpStatus(), next);
                }
            }
        }
    }
}
