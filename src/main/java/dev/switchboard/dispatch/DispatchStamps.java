package dev.switchboard.dispatch;

import dev.switchboard.domain.Vars;
import dev.switchboard.store.Claim;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The moments a dispatch is measured from: the claim, and the start of the Twilio request. */
public final class DispatchStamps {

    private static final Logger LOG = LoggerFactory.getLogger(DispatchStamps.class);

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
}
