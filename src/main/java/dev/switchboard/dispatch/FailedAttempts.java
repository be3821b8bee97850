package dev.switchboard.dispatch;

import dev.switchboard.consent.SenderAlerts;
import dev.switchboard.domain.Channel;
import dev.switchboard.store.Claim;
import dev.switchboard.store.Consent;
import dev.switchboard.store.OutboxStore;
import dev.switchboard.store.StoredMessage;
import dev.switchboard.twilio.TwilioAccess;
import dev.switchboard.twilio.TwilioError;
import dev.switchboard.twilio.TwilioErrorCodes;
import dev.switchboard.twilio.TwilioFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A failed Twilio request, settled by its class ({@link TwilioFailure}): the open breaker and an unreached Twilio
 * release the claim without an attempt, a 429 slows the sender down, a permanent error fails the message (and opts
 * the person out, or raises a sender alert, when the code says so), a transient one is retried with backoff, and one
 * whose outcome is unknown is looked up before any resend.
 */
final class FailedAttempts {

    private static final Logger LOG = LoggerFactory.getLogger(FailedAttempts.class);

    private final TwilioAccess twilio;
    private final OutboxStore outbox;
    private final Backoff backoff;
    private final Duration breakerPause;
    private final SenderAlerts alerts;
    private final Clock clock;
    private final RetryGuard guard;
    private final RetryGuard.Mode ambiguousMode;
    private final SlowDown slowDown;

    FailedAttempts(TwilioAccess twilio, OutboxStore outbox, Backoff backoff, Duration breakerPause, SenderAlerts alerts,
                   Clock clock, RetryGuard guard, RetryGuard.Mode ambiguousMode, SlowDown slowDown) {
        this.twilio = twilio;
        this.outbox = outbox;
        this.backoff = backoff;
        this.breakerPause = breakerPause;
        this.alerts = alerts;
        this.clock = clock;
        this.guard = guard;
        this.ambiguousMode = ambiguousMode;
        this.slowDown = slowDown;
    }

    /** The open breaker's short circuit: nothing was sent, no attempt counted. */
    void breakerOpen(Claim claim) {
        outbox.release(claim, clock.instant().plus(breakerPause), "circuit breaker open: not attempted");
    }

    void record(Claim claim, Throwable failure, String channel) {
        TwilioFailure f = TwilioFailure.classify(failure);
        String id = claim.message().id();
        switch (f.kind()) {
            case BREAKER_OPEN -> breakerOpen(claim);
            case SLOW_DOWN -> slowDown.apply(claim);
            case PERMANENT -> {
                outbox.markFailed(claim, f.errorCode(), f.message(), optOut(claim, f.errorCode(), channel));
                LOG.warn("Message {} failed permanently: Twilio {} ({})", id, f.errorCode(), f.httpStatus());
                alerts.raiseIfSenderBroken(senderOf(claim.message()), f.errorCode());
            }
            case TRANSIENT -> {
                if (f.ambiguous() && !Channel.of(claim.message().channel()).isCall()) {
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

}
