package dev.switchboard.dispatch;

import dev.switchboard.domain.Vars;
import dev.switchboard.store.Claim;
import dev.switchboard.store.OutboxStore;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * Graceful shutdown for the dispatcher: once Camel starts stopping (consumers stop, in-flight exchanges get
 * {@code camel.main.shutdownTimeout} to finish), a claimed message or call that has not reached Twilio yet is not
 * sent: its claim is released due now, so another instance (or this one, restarted) sends it without waiting for
 * the lease. Requests already with Twilio finish and are recorded.
 */
public final class DispatchStop extends EventNotifierSupport {

    private static final Logger LOG = LoggerFactory.getLogger(DispatchStop.class);

    private final OutboxStore outbox;
    private final Clock clock;
    private volatile boolean stopping;

    public DispatchStop(OutboxStore outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStoppingEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        stopping = true;
        LOG.info("Stopping: claimed messages not yet sent to Twilio are released, requests in flight finish");
    }

    /** True while running; when stopping, releases this exchange's claim (due now) and answers false. */
    public boolean proceed(Exchange exchange) {
        if (!stopping) {
            return true;
        }
        Claim claim = exchange.getProperty(Vars.CLAIM, Claim.class);
        exchange.setProperty(Vars.SETTLED, true);
        if (outbox.release(claim, clock.instant(), "released at shutdown: not attempted")) {
            LOG.info("Message {} released at shutdown, due again now", claim.message().id());
        }
        return false;
    }

    public boolean stopping() {
        return stopping;
    }
}
