package dev.switchboard.dispatch;

import dev.switchboard.domain.Channel;

import dev.switchboard.twilio.TwilioLookup;

import com.twilio.rest.api.v2010.account.Message;
import dev.switchboard.domain.Vars;
import dev.switchboard.consent.Admission;
import dev.switchboard.observe.Meters;
import dev.switchboard.store.Claim;
import dev.switchboard.store.OutboxStore;
import dev.switchboard.store.StatusStore;
import dev.switchboard.store.StoredMessage;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides, before a create request, whether this claim may POST at all: never past the message's max age or
 * max attempts, and never blindly after an attempt whose outcome is unknown (reconciled first, or resent or
 * failed as {@code switchboard.ambiguous} says). See docs/retries.md.
 */
public final class RetryGuard {

    private static final Logger LOG = LoggerFactory.getLogger(RetryGuard.class);

    /** What to do with a claim whose earlier attempt may have created the message. */
    public enum Mode {
        RECONCILE, RETRY, FAIL;

        public static Mode parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("switchboard.ambiguous must be reconcile, retry or fail, was " + value, e);
            }
        }
    }

    private final OutboxStore outbox;
    private final StatusStore statuses;
    private final TwilioLookup lookup;
    private final LookupBudget lookups;
    private final CircuitBreaker breaker;
    private final Mode mode;
    private final Backoff backoff;
    private final Duration maxAge;
    private final Duration breakerPause;
    private final Clock clock;
    private final Meters meters;

    public RetryGuard(OutboxStore outbox, StatusStore statuses, TwilioLookup lookup, LookupBudget lookups,
                      CircuitBreaker breaker, Mode mode, Backoff backoff, Duration maxAge, Duration breakerPause,
                      Clock clock, Meters meters) {
        this.meters = meters;
        this.outbox = outbox;
        this.statuses = statuses;
        this.lookup = lookup;
        this.lookups = lookups;
        this.breaker = breaker;
        this.mode = mode;
        this.backoff = backoff;
        this.maxAge = maxAge;
        this.breakerPause = breakerPause;
        this.clock = clock;
    }

    /** The last moment a create request may be made: max age after acceptance, or after sendAt when later. */
    public Instant deadline(StoredMessage m) {
        Instant base = m.sendAt() != null && m.sendAt().isAfter(m.createdAt()) ? m.sendAt() : m.createdAt();
        return base.plus(maxAge);
    }

    /**
     * Past its max age: no create request any more. A message deferred by quiet hours waited on purpose (at
     * most a day) and is bounded by max attempts instead.
     */
    public boolean agedOut(StoredMessage m, Instant at) {
        return !Admission.QUIET_HOURS.equals(m.reason()) && at.isAfter(deadline(m));
    }

    /** True when the claim may go on to Twilio's create; otherwise it has been settled here. */
    public boolean mayPost(Exchange exchange) {
        Claim claim = exchange.getProperty(Vars.CLAIM, Claim.class);
        StoredMessage m = claim.message();
        String channel = exchange.getProperty(Vars.SEND_CHANNEL, m.channel(), String.class);
        boolean expired = agedOut(m, clock.instant());
        boolean exhausted = claim.attempt() > backoff.maxAttempts();
        if (claim.ambiguous() && !Channel.of(m.channel()).isCall()) {
            return resolveAmbiguous(claim, channel, expired || exhausted);
        }
        if (expired) {
            giveUpAged(claim);
            return false;
        }
        return true;
    }

    private boolean resolveAmbiguous(Claim claim, String channel, boolean lastChance) {
        String id = claim.message().id();
        if (mode == Mode.FAIL) {
            outbox.giveUp(claim, "ambiguous", null, "an earlier attempt may have reached Twilio (outcome unknown);"
                    + " not resent (switchboard.ambiguous=fail)", false);
            LOG.warn("Message {} failed: earlier attempt's outcome unknown and switchboard.ambiguous=fail", id);
            return false;
        }
        if (mode == Mode.RETRY && !lastChance) {
            LOG.warn("Message {}: earlier attempt's outcome unknown; resending without a lookup"
                    + " (switchboard.ambiguous=retry)", id);
            return true;
        }
        LookupBudget.Permit permit = lookups.tryAcquire();
        if (permit == null) {
            // Not counted, still ambiguous: the lookup waits for room rather than piling onto Twilio.
            Instant next = clock.instant().plus(lookups.deferral());
            outbox.release(claim, next, "outcome unknown; reconciliation deferred (lookup budget spent)");
            meters.reconciliation("deferred");
            LOG.debug("Message {}: reconciliation deferred to {} (lookup budget spent)", id, next);
            return false;
        }
        Optional<Message> found;
        try (permit) {
            found = breaker.executeCallable(() -> lookup.find(claim.message(), channel, claim.ambiguousSince()));
        } catch (CallNotPermittedException e) {
            outbox.release(claim, clock.instant().plus(breakerPause), "circuit breaker open: not reconciled");
            meters.reconciliation("breaker_open");
            return false;
        } catch (Exception e) {
            return unresolved(claim, lastChance, e);
        }
        if (found.isPresent()) {
            adopt(claim, found.get(), channel);
            meters.reconciliation("found");
            return false;
        }
        if (lastChance) {
            giveUpAged(claim);
            meters.reconciliation("gave_up");
            return false;
        }
        meters.reconciliation("not_found");
        LOG.info("Message {}: earlier attempt's outcome unknown; not found at Twilio, sending", id);
        return true;
    }

    private void adopt(Claim claim, Message sent, String channel) {
        String twilioStatus = sent.getStatus() == null ? "queued" : sent.getStatus().toString();
        String status = Settlement.firstStatus(twilioStatus);
        boolean stored = outbox.markSent(claim, sent.getSid(), twilioStatus, status, channel,
                "attempt " + claim.attempt() + " by " + claim.owner() + ": reconciled, an earlier attempt had created it as "
                        + sent.getSid() + " (not resent)", true);
        LOG.info("Message {} reconciled: found at Twilio as {} ({}), not resent{}", claim.message().id(), sent.getSid(),
                twilioStatus, stored ? "" : " (claim already settled)");
        if (stored && !status.equals(twilioStatus) && sent.getStatus() != null) {
            // Twilio is past its first status (delivered, undelivered…): applied as the callbacks would.
            statuses.apply(StaleStatusJob.report(sent), StaleStatusJob.SOURCE);
        }
    }

    /** The lookup failed: still ambiguous, try again later, not past max age. */
    private boolean unresolved(Claim claim, boolean lastChance, Exception e) {
        String id = claim.message().id();
        if (lastChance) {
            outbox.giveUp(claim, "ambiguous", null, "outcome unknown and Twilio could not be asked before max age"
                    + " or max attempts: " + e.getMessage(), false);
            meters.reconciliation("gave_up");
            LOG.warn("Message {} failed: outcome unknown, lookup failed at the last chance ({})", id, e.toString());
            return false;
        }
        Instant next = clock.instant().plus(backoff.delayAfter(claim.attempt()));
        outbox.release(claim, next, "outcome unknown; lookup at Twilio failed (" + e.getMessage() + "), again at " + next);
        meters.reconciliation("lookup_failed");
        LOG.info("Message {}: reconciliation failed ({}); again at {}", id, e.toString(), next);
        return false;
    }

    private void giveUpAged(Claim claim) {
        boolean aged = agedOut(claim.message(), clock.instant());
        String reason = aged ? "max_age" : "max_attempts";
        String last = claim.message().errorMessage();
        outbox.giveUp(claim, reason, claim.message().errorCode(), (aged ? "not sent within max age ("
                + maxAge + ")" : "gave up after " + (claim.attempt() - 1) + " attempts")
                + (last == null ? "" : "; last error: " + last), false);
        LOG.warn("Message {} failed ({}): never attempted again", claim.message().id(), reason);
    }
}
