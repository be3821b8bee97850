package dev.switchboard.dispatch;

import dev.switchboard.twilio.TwilioFailure;

import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.Message;
import dev.switchboard.Vars;
import dev.switchboard.consent.SenderAlerts;
import dev.switchboard.observe.Meters;
import dev.switchboard.twilio.TwilioError;
import dev.switchboard.twilio.TwilioErrorCodes;
import dev.switchboard.store.Claim;
import dev.switchboard.store.Consent;
import dev.switchboard.store.OutboxStore;
import dev.switchboard.store.StoreException;
import dev.switchboard.store.StoredMessage;
import dev.switchboard.twilio.TwilioAccess;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CircuitBreakerConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Turns a claimed SMS or WhatsApp message into camel-twilio's {@code message/creator} call, and settles
 * the claim (of a message, or of a call placed by {@code voice.CallSender}) with Twilio's answer, applying what an error means beyond the message (opt-out, broken sender).
 */
public final class MessageSender {

    private static final Logger LOG = LoggerFactory.getLogger(MessageSender.class);
    private static final Duration SID_WRITE_RETRY = Duration.ofMillis(500);

    private final TwilioAccess twilio;
    private final OutboxStore outbox;
    private final Backoff backoff;
    private final Duration breakerPause;
    private final Duration sidWritePatience;
    private final SenderAlerts alerts;
    private final Clock clock;
    private final Meters meters;
    private final RetryGuard guard;
    private final RetryGuard.Mode ambiguousMode;
    private final SlowDown slowDown;

    public MessageSender(TwilioAccess twilio, OutboxStore outbox, Backoff backoff,
                         Duration breakerPause, Duration lease, SenderAlerts alerts,
                         Clock clock, Meters meters, RetryGuard guard, RetryGuard.Mode ambiguousMode,
                         SlowDown slowDown) {
        this.meters = meters;
        this.guard = guard;
        this.ambiguousMode = ambiguousMode;
        this.slowDown = slowDown;
        this.twilio = twilio;
        this.outbox = outbox;
        this.backoff = backoff;
        this.breakerPause = breakerPause;
        this.sidWritePatience = lease.dividedBy(2);
        this.alerts = alerts;
        this.clock = clock;
    }

    /** Stamps the claim time on the batch (split copies it to each message's exchange). */
    public void claimed(Exchange exchange) {
        exchange.setProperty(Vars.CLAIMED_AT, System.nanoTime());
    }

    /** Stamps the start of the Twilio create request, inside the breaker (not reached when it short-circuits). */
    public void requesting(Exchange exchange) {
        exchange.setProperty(Vars.TWILIO_STARTED, System.nanoTime());
        if (LOG.isDebugEnabled()) {
            // Read by bench/throttle: the moment each request leaves for Twilio.
            LOG.debug("Twilio request for {} from {}", exchange.getProperty(Vars.CLAIM, Claim.class).message().id(),
                    exchange.getMessage().getHeader("CamelTwilio.from"));
        }
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
        try {
            settle(exchange, claim, failure, body);
        } finally {
            measure(exchange, claim, failure, body);
        }
    }

    private void measure(Exchange exchange, Claim claim, Throwable failure, Object body) {
        long now = System.nanoTime();
        Long started = exchange.getProperty(Vars.TWILIO_STARTED, Long.class);
        if (started != null) {
            String operation = "voice".equals(claim.message().channel()) ? "call" : "message";
            String outcome = failure == null && (body instanceof Message || body instanceof Call) ? "ok"
                    : failure != null && TwilioFailure.classify(failure).kind() == TwilioFailure.Kind.PERMANENT
                    ? "rejected" : "error";
            meters.twilioRequest(operation, outcome, Duration.ofNanos(now - started));
        }
        Long claimed = exchange.getProperty(Vars.CLAIMED_AT, Long.class);
        if (claimed != null) {
            meters.dispatched(Duration.ofNanos(now - claimed));
        }
    }

    private void settle(Exchange exchange, Claim claim, Throwable failure, Object body) {
        if (failure == null && body instanceof Message sent) {
            recordSent(claim, sent, exchange.getProperty(Vars.SEND_CHANNEL, claim.message().channel(), String.class));
        } else if (failure == null && body instanceof Call call) {
            recordCall(claim, call);
        } else if (failure == null && shortCircuited(exchange)) {
            outbox.release(claim, clock.instant().plus(breakerPause), "circuit breaker open: not attempted");
        } else {
            recordFailure(claim, failure != null ? failure : new IllegalStateException("no answer from camel-twilio"),
                    exchange.getProperty(Vars.SEND_CHANNEL, claim.message().channel(), String.class));
        }
        exchange.setException(null);
    }

    private static boolean shortCircuited(Exchange exchange) {
        return Boolean.TRUE.equals(exchange.getProperty(CircuitBreakerConstants.RESPONSE_SHORT_CIRCUITED, Boolean.class));
    }

    private void recordSent(Claim claim, Message sent, String channel) {
        String twilioStatus = sent.getStatus() == null ? "queued" : sent.getStatus().toString();
        String status = firstStatus(twilioStatus);
        if (!recordSid(claim, sent.getSid(), twilioStatus, status, channel)) {
            LOG.error("Message {} was sent as {} but its claim was already settled: check for a duplicate send",
                    claim.message().id(), sent.getSid());
        } else {
            LOG.info("Message {} sent to Twilio as {} ({})", claim.message().id(), sent.getSid(), twilioStatus);
        }
    }

    /** Our status for the status Twilio answered a create with (Twilio's accepted/scheduled are events only). */
    static String firstStatus(String twilioStatus) {
        return "queued".equals(twilioStatus) || "sending".equals(twilioStatus) || "sent".equals(twilioStatus)
                ? twilioStatus : "accepted";
    }

    private void recordCall(Claim claim, Call call) {
        String twilioStatus = call.getStatus() == null ? "queued" : call.getStatus().toString();
        String status = List.of("queued", "initiated", "ringing", "in-progress").contains(twilioStatus)
                ? twilioStatus : "queued";
        if (!recordSid(claim, call.getSid(), twilioStatus, status, "voice")) {
            LOG.error("Call {} was placed as {} but its claim was already settled: check for a duplicate call",
                    claim.message().id(), call.getSid());
        } else {
            LOG.info("Call {} placed with Twilio as {} ({})", claim.message().id(), call.getSid(), twilioStatus);
        }
    }

    /**
     * The person has been texted: losing the SID now would let the claim expire and text them again.
     * While the database is unreachable, keep trying for half the lease (the claim is still ours).
     */
    private boolean recordSid(Claim claim, String sid, String twilioStatus, String status, String channel) {
        long deadline = System.nanoTime() + sidWritePatience.toNanos();
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
                pause(SID_WRITE_RETRY);
            }
        }
    }

    /** The opt-out a 21610 reveals, recorded with the failure in one transaction; null for other codes. */
    private static Consent optOut(Claim claim, Integer errorCode, String channel) {
        if (errorCode == null || TwilioErrorCodes.lookup(errorCode).effect() != TwilioError.Effect.OPT_OUT) {
            return null;
        }
        StoredMessage m = claim.message();
        return new Consent(m.to(), channel, Consent.OPTED_OUT, "twilio_" + errorCode,
                TwilioErrorCodes.lookup(errorCode).description(), null, m.from(), null);
    }

    /** The sender Twilio judged: the message's own, else the messaging service or default number. */
    private String senderOf(StoredMessage m) {
        return m.from() != null ? m.from()
                : twilio.messagingServiceSid() != null ? twilio.messagingServiceSid() : twilio.phoneNumber();
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing a SID", e);
        }
    }

    private void recordFailure(Claim claim, Throwable failure, String channel) {
        TwilioFailure f = TwilioFailure.classify(failure);
        String id = claim.message().id();
        switch (f.kind()) {
            case BREAKER_OPEN -> outbox.release(claim, clock.instant().plus(breakerPause),
                    "circuit breaker open: not attempted");
            case SLOW_DOWN -> slowDown.apply(claim);
            case PERMANENT -> {
                outbox.markFailed(claim, f.errorCode(), f.message(), optOut(claim, f.errorCode(), channel));
                LOG.warn("Message {} failed permanently: Twilio {} ({})", id, f.errorCode(), f.httpStatus());
                alerts.raiseIfSenderBroken(senderOf(claim.message()), f.errorCode());
            }
            case TRANSIENT -> {
                if (f.ambiguous() && !"voice".equals(claim.message().channel())) {
                    recordAmbiguous(claim, f);
                } else if (f.notReached()) {
                    // Nothing left for Twilio: like the open breaker, no attempt counted; bounded by max age.
                    Instant next = clock.instant().plus(backoff.delayAfter(claim.attempt()));
                    outbox.release(claim, next, "Twilio not reached, not attempted: " + f.message());
                    LOG.info("Message {}: Twilio not reached ({}); again at {}", id, f.message(), next);
                } else if (backoff.exhausted(claim.attempt())) {
                    outbox.markFailed(claim, f.errorCode(), "gave up after " + claim.attempt() + " attempts: " + f.message());
                    LOG.warn("Message {} failed after {} attempts: {}", id, claim.attempt(), f.message());
                } else {
                    Instant next = clock.instant().plus(backoff.delayAfter(claim.attempt()));
                    if (guard.agedOut(claim.message(), next)) {
                        outbox.giveUp(claim, "max_age", f.errorCode(), "not sent within max age: " + f.message(), true);
                        LOG.warn("Message {} failed: its next attempt would be past its max age", id);
                        return;
                    }
                    outbox.retryLater(claim, next, f.errorCode(), f.message());
                    LOG.info("Message {} attempt {} failed transiently ({}); retry at {}", id, claim.attempt(),
                            f.httpStatus() == null ? "no answer" : "HTTP " + f.httpStatus(), next);
                }
            }
        }
    }

    /**
     * Twilio may have created the message: never resent from here. Kept due (even past max age or attempts)
     * so the next claim asks Twilio first ({@link RetryGuard}); or failed at once with switchboard.ambiguous=fail.
     */
    private void recordAmbiguous(Claim claim, TwilioFailure f) {
        String id = claim.message().id();
        if (ambiguousMode == RetryGuard.Mode.FAIL) {
            outbox.giveUp(claim, "ambiguous", f.errorCode(), "outcome unknown, not resent"
                    + " (switchboard.ambiguous=fail): " + f.message(), true);
            LOG.warn("Message {} failed: attempt {} may have reached Twilio (switchboard.ambiguous=fail)", id,
                    claim.attempt());
            return;
        }
        Instant since = claim.claimedAt() != null ? claim.claimedAt() : clock.instant();
        Instant next = clock.instant().plus(backoff.delayAfter(claim.attempt()));
        outbox.retryLater(claim, next, f.errorCode(), f.message(), since);
        LOG.info("Message {} attempt {}: outcome unknown ({}); checked at Twilio before any resend, at {}", id,
                claim.attempt(), f.httpStatus() == null ? "no answer" : "HTTP " + f.httpStatus(), next);
    }
}
