package dev.switchboard.dispatch;

import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.Message;
import dev.switchboard.consent.SenderAlerts;
import dev.switchboard.domain.Channel;
import dev.switchboard.domain.Vars;
import dev.switchboard.observe.Meters;
import dev.switchboard.store.Claim;
import dev.switchboard.store.OutboxStore;
import dev.switchboard.twilio.TwilioAccess;
import dev.switchboard.twilio.TwilioFailure;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CircuitBreakerConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The last step of {@code send-message} and {@code send-call} (and of their error handler): settles the claim with
 * Twilio's answer (the SID of the message or call), the open breaker's short circuit, or the failure
 * ({@link FailedAttempts}), exactly once per exchange.
 */
public final class Settlement {

    private static final Logger LOG = LoggerFactory.getLogger(Settlement.class);

    private final SidWriter sids;
    private final FailedAttempts failures;
    private final Meters meters;

    public Settlement(TwilioAccess twilio, OutboxStore outbox, Backoff backoff, Duration breakerPause, Duration lease,
                      SenderAlerts alerts, Clock clock, Meters meters, RetryGuard guard, RetryGuard.Mode ambiguousMode,
                      SlowDown slowDown) {
        this.sids = new SidWriter(outbox, lease);
        this.failures = new FailedAttempts(twilio, outbox, backoff, breakerPause, alerts, clock, guard, ambiguousMode,
                slowDown);
        this.meters = meters;
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
            String operation = Channel.of(claim.message().channel()).isCall() ? "call" : "message";
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
            failures.breakerOpen(claim);
        } else {
            failures.record(claim, failure != null ? failure : new IllegalStateException("no answer from camel-twilio"),
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
        if (!sids.write(claim, sent.getSid(), twilioStatus, status, channel)) {
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
        if (!sids.write(claim, call.getSid(), twilioStatus, status, Channel.VOICE.wireName())) {
            LOG.error("Call {} was placed as {} but its claim was already settled: check for a duplicate call",
                    claim.message().id(), call.getSid());
        } else {
            LOG.info("Call {} placed with Twilio as {} ({})", claim.message().id(), call.getSid(), twilioStatus);
        }
    }

}
