package dev.switchboard.dispatch;

import dev.switchboard.domain.Vars;
import dev.switchboard.consent.Verdict;
import dev.switchboard.domain.Destinations;
import dev.switchboard.store.Claim;
import dev.switchboard.store.OutboxStore;
import dev.switchboard.store.StoredMessage;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The filter on the consent lookup's verdict, just before sending: someone may have opted out, a WhatsApp window
 * closed, quiet hours begun or a country been taken off the list while the message waited. Refused claims are
 * settled here, with the reason.
 */
public final class DispatchGate {

    private static final Logger LOG = LoggerFactory.getLogger(DispatchGate.class);

    private final OutboxStore outbox;
    private final Destinations destinations;

    public DispatchGate(OutboxStore outbox, Destinations destinations) {
        this.outbox = outbox;
        this.destinations = destinations;
    }

    /** True when the verdict is to send; the channel to use is left in {@link Vars#SEND_CHANNEL}. */
    public boolean admit(Exchange exchange) {
        Claim claim = exchange.getProperty(Vars.CLAIM, Claim.class);
        Verdict v = exchange.getProperty(Vars.VERDICT, Verdict.class);
        StoredMessage m = claim.message();
        switch (v.kind()) {
            case SUPPRESS -> {
                outbox.suppress(claim, v.reason());
                if (Destinations.NOT_ALLOWED.equals(v.reason())) {
                    LOG.info("Message {} suppressed at dispatch: its destination ({}) is not allowed"
                            + " (SWITCHBOARD_ALLOWED_COUNTRIES: {}, or its number type for SMS)", m.id(),
                            Destinations.countryOf(m.to()), destinations.allowedList());
                } else {
                    LOG.info("Message {} suppressed at dispatch: {}", m.id(), v.reason());
                }
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
