package dev.switchboard.consent;

import dev.switchboard.domain.E164;
import dev.switchboard.domain.QuietHours;
import dev.switchboard.store.ConsentStore;
import dev.switchboard.store.InboundStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Decides whether a message may go, at the front door and again at dispatch (people opt out, and
 * WhatsApp windows close, while a message waits): WhatsApp's 24-hour window (or the SMS fallback),
 * the recipient's consent on the channel actually used, then quiet hours for bulk messages.
 */
public final class Admission {

    private static final Logger LOG = LoggerFactory.getLogger(Admission.class);

    public static final String OPTED_OUT = "opted_out";
    public static final String OUTSIDE_WINDOW = "outside_whatsapp_window";
    public static final String QUIET_HOURS = "quiet_hours";
    static final Duration WHATSAPP_WINDOW = Duration.ofHours(24);

    private final ConsentStore consents;
    private final InboundStore inbound;
    private final QuietHours quietHours;
    private final Clock clock;

    /** {@code quietHours} may be null: no quiet hours. */
    public Admission(ConsentStore consents, InboundStore inbound, QuietHours quietHours, Clock clock) {
        this.consents = consents;
        this.inbound = inbound;
        this.quietHours = quietHours;
        this.clock = clock;
    }

    /**
     * @param sendAt when the message is meant to go (null: now); quiet hours are judged at that time
     */
    public Verdict check(String channel, String to, boolean template, String fallback, String priority, Instant sendAt) {
        Instant now = clock.instant();
        String use = channel;
        if ("whatsapp".equals(channel) && !template && !windowOpen(to, now)) {
            if (!"sms".equals(fallback)) {
                return Verdict.suppress(OUTSIDE_WINDOW);
            }
            use = "sms";
        }
        if (consents.optedOut(to, use)) {
            return Verdict.suppress(OPTED_OUT);
        }
        if (quietHours != null && "bulk".equals(priority)) {
            Instant at = sendAt != null && sendAt.isAfter(now) ? sendAt : now;
            Instant allowed = allowedFrom(to, at);
            if (allowed.isAfter(at)) {
                return Verdict.defer(use, QUIET_HOURS, allowed);
            }
        }
        return Verdict.send(use);
    }

    /**
     * A number spanning zones with no common daytime (e.g. a toll-free number mapped to every US zone)
     * has no "outside quiet hours"; rather than hold its messages forever, it is not held at all.
     */
    private Instant allowedFrom(String to, Instant at) {
        try {
            return quietHours.nextAllowed(new E164(to), at);
        } catch (IllegalStateException noCommonDaytime) {
            LOG.warn("Quiet hours cannot apply to {}: {}", new E164(to).masked(), noCommonDaytime.getMessage());
            return at;
        }
    }

    public boolean windowOpen(String to, Instant now) {
        return inbound.lastInbound(to, "whatsapp").map(last -> last.isAfter(now.minus(WHATSAPP_WINDOW))).orElse(false);
    }
}
