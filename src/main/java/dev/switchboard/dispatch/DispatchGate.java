package dev.switchboard.dispatch;

import dev.switchboard.Vars;
import dev.switchboard.consent.Admission;
import dev.switchboard.consent.Verdict;
import dev.switchboard.domain.Destinations;
import dev.switchboard.store.Claim;
import dev.switchboard.store.OutboxStore;
import dev.switchboard.store.StoredMessage;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second consent check, just before sending: someone may have opted out, a WhatsApp window
 * closed, or quiet hours begun while the message waited. Refused claims are settled here.
 */
public final class DispatchGate {

    private static final Logger LOG = LoggerFactory.getLogger(DispatchGate.class);

    private final Admission admission;
    private final OutboxStore outbox;

    private final Destinations destinations;

    public DispatchGate(Admission admission, OutboxStore outbox) {
        this(admission, outbox, Destinations.ALL);
    }

    /** @param destinations messages stored before a country was taken off the list are suppressed here */
    public DispatchGate(Admission admission, OutboxStore outbox, Destinations destinations) {
        this.admission = admission;
        this.outbox = outbox;
        this.destinations = destinations;
    }

    /** True when the message may be sent now; the channel to use is left in {@link Vars#SEND_CHANNEL}. */
    public boolean admit(Exchange exchange) {
        Claim claim = exchange.getMessage().getBody(Claim.class);
        exchange.setProperty(Vars.CLAIM, claim);
        StoredMessage m = claim.message();
        if (!destinations.allows(m.to(), m.channel())) {
            outbox.suppress(claim, Destinations.NOT_ALLOWED);
            LOG.info("Message {} suppressed at dispatch: its destination ({}) is not allowed (SWITCHBOARD_ALLOWED_COUNTRIES:"
                    + " {}, or its number type for SMS)", m.id(), Destinations.countryOf(m.to()), destinations.allowedList());
            return false;
        }
        Verdict v = admission.check(m.channel(), m.to(), m.contentSid() != null, m.fallback(), m.priority(), null);
        switch (v.kind()) {
            case SUPPRESS -> {
                outbox.suppress(claim, v.reason());
                LOG.info("Message {} suppressed at dispatch: {}", m.id(), v.reason());
                return false;
            }
            case DEFER -> {
                outbox.defer(claim, v.notBefore(), v.reason());
                LOG.info("Message {} deferred to {}: {}", m.id(), v.notBefore(), v.reason());
                return false;
            }
            default -> {
                exchange.setProperty(Vars.SEND_CHANNEL, v.channel());
                return true;
            }
        }
    }
}
