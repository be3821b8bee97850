package dev.switchboard.consent;

import dev.switchboard.domain.Channel;
import dev.switchboard.domain.E164;
import dev.switchboard.domain.QuietHours;
import dev.switchboard.store.ConsentStore;
import dev.switchboard.store.InboundStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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

    /** What a decision reads about a recipient: consent per channel, and when they last wrote on a channel. */
    public interface Facts {
        boolean optedOut(String phone, String channel);

        Optional<Instant> lastInbound(String phone, String channel);
    }

    private final ConsentStore consents;
    private final InboundStore inbound;
    private final QuietHours quietHours;
    private final Clock clock;
    private final Facts live;

    /** {@code quietHours} may be null: no quiet hours. */
    public Admission(ConsentStore consents, InboundStore inbound, QuietHours quietHours, Clock clock) {
        this.consents = consents;
        this.inbound = inbound;
        this.quietHours = quietHours;
        this.clock = clock;
        this.live = new Facts() {
            @Override
            public boolean optedOut(String phone, String channel) {
                return consents.optedOut(phone, channel);
            }

            @Override
            public Optional<Instant> lastInbound(String phone, String channel) {
                return inbound.lastInbound(phone, channel);
            }
        };
    }

    /**
     * @param sendAt when the message is meant to go (null: now); quiet hours are judged at that time
     */
    public Verdict check(String channel, String to, boolean template, String fallback, String priority, Instant sendAt) {
        return check(live, channel, to, template, fallback, priority, sendAt);
    }

    /** The same decision, reading the recipient's consent and window from {@code facts} (see {@link #prefetch}). */
    public Verdict check(Facts facts, String channel, String to, boolean template, String fallback, String priority,
                         Instant sendAt) {
        Instant now = clock.instant();
        String use = channel;
        Channel on = Channel.of(channel);
        if (on.window().isPresent() && !template && !windowOpen(facts, on, to, now)) {
            if (!Channel.SMS.is(fallback)) {
                return Verdict.suppress(OUTSIDE_WINDOW);
            }
            use = Channel.SMS.wireName();
        }
        if (facts.optedOut(to, use)) {
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

    /** Whether the person wrote on this channel within its window (a channel without one has none open). */
    public boolean windowOpen(Channel on, String to, Instant now) {
        return windowOpen(live, on, to, now);
    }

    private static boolean windowOpen(Facts facts, Channel on, String to, Instant now) {
        return on.window().flatMap(window -> facts.lastInbound(to, on.wireName())
                .map(last -> last.isAfter(now.minus(window)))).orElse(false);
    }

    /**
     * The facts about many recipients read at once, for the batch front door: one query for their
     * consent (and one for their WhatsApp windows when {@code whatsapp}) instead of one or two per message.
     */
    public Facts prefetch(Collection<String> phones, boolean whatsapp) {
        Map<String, Set<String>> optedOut = consents.optedOutAmong(phones);
        Map<String, Instant> lastWhatsApp = whatsapp ? inbound.lastInboundAmong(phones, Channel.WHATSAPP.wireName()) : null;
        return new Facts() {
            @Override
            public boolean optedOut(String phone, String channel) {
                return optedOut.getOrDefault(phone, Set.of()).contains(channel);
            }

            @Override
            public Optional<Instant> lastInbound(String phone, String channel) {
                // Not prefetched: read it live, so a wrong hint costs a query, never a wrong answer.
                return lastWhatsApp != null && Channel.WHATSAPP.is(channel) ? Optional.ofNullable(lastWhatsApp.get(phone))
                        : inbound.lastInbound(phone, channel);
            }
        };
    }
}
