package dev.switchboard.wiring;

import dev.switchboard.settings.Settings;

import com.twilio.http.TwilioRestClient;
import dev.switchboard.dispatch.Backoff;
import dev.switchboard.dispatch.LookupBudget;
import dev.switchboard.dispatch.RetryGuard;
import dev.switchboard.dispatch.StaleStatusJob;
import dev.switchboard.domain.CheckSchedule;
import dev.switchboard.store.Database;
import dev.switchboard.twilio.TwilioLookup;
import dev.switchboard.observe.Meters;
import dev.switchboard.store.OutboxStore;
import dev.switchboard.store.StaleMessages;
import dev.switchboard.store.StatusStore;
import dev.switchboard.twilio.TwilioAccess;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/** Binds {@code retryGuard} and {@code staleStatusJob}: retries without double sends (docs/retries.md). */
final class RetryBeans {

    private static final Logger LOG = LoggerFactory.getLogger(RetryBeans.class);

    private RetryBeans() {
    }

    /** When a message or call not reported final is fetched from Twilio (lost callbacks). */
    static CheckSchedule checks(Settings settings) {
        return new CheckSchedule(settings.getMillis("switchboard.reconcile.after-ms", 600_000),
                settings.getMillis("switchboard.reconcile.give-up-ms", 259_200_000));
    }

    static RetryGuard bind(Registry registry, Settings settings, Database db, OutboxStore outbox, StatusStore statuses,
                           TwilioAccess twilio, CircuitBreaker breaker, Backoff backoff, Clock clock, Meters meters) {
        StaleMessages stale = new StaleMessages(db.dataSource(), clock);
        registry.bind("staleMessages", stale);
        TwilioLookup lookup = new TwilioLookup(registry.lookupByNameAndType("twilioRestClient", TwilioRestClient.class),
                twilio, stale::sidTaken);
        LookupBudget lookups = new LookupBudget(settings.getInt("switchboard.reconcile.lookup-concurrency", 4),
                settings.getDouble("switchboard.reconcile.lookups-per-second", 20),
                settings.getMillis("switchboard.reconcile.lookup-defer-ms", 1_000));
        RetryGuard guard = new RetryGuard(outbox, statuses, lookup, lookups, breaker,
                RetryGuard.Mode.parse(settings.get("switchboard.ambiguous", "reconcile")), backoff,
                settings.getMillis("switchboard.retry.max-age-ms", 36_000_000),
                settings.getMillis("switchboard.breaker.open-ms", 30_000), clock, meters);
        registry.bind("retryGuard", guard);
        registry.bind("staleStatusJob", new StaleStatusJob(stale, statuses, lookup, breaker,
                settings.getInt("switchboard.reconcile.batch", 100), clock, meters));
        return guard;
    }

    /**
     * After a restart, what the dead run sent and Twilio has not yet reported final is fetched at once: its callbacks
     * may have died with it. The dead run is this instance's {@code switchboard.instance.id} when set, else any run on
     * this host (the name's host part); on the embedded database, every run (no other process can use it).
     */
    static void fetchPredecessorsSends(Registry registry, Settings settings, Database db, String instance) {
        StaleMessages stale = registry.lookupByNameAndType("staleMessages", StaleMessages.class);
        boolean named = settings.get("switchboard.instance.id").isPresent();
        int due = db.singleProcess() ? stale.fetchNow(null, null)
                : named ? stale.fetchNow(instance, null)
                : stale.fetchNow(null, instance.substring(0, instance.lastIndexOf('-') + 1));
        if (due > 0) {
            LOG.info("{} messages or calls sent before the restart and not yet final are fetched from Twilio now", due);
        }
    }
}
