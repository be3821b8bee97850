package dev.switchboard.wiring;

import dev.switchboard.settings.Settings;

import com.twilio.http.TwilioRestClient;
import dev.switchboard.dispatch.Backoff;
import dev.switchboard.dispatch.LookupBudget;
import dev.switchboard.dispatch.RetryGuard;
import dev.switchboard.dispatch.StaleStatusJob;
import dev.switchboard.twilio.TwilioLookup;
import dev.switchboard.observe.Meters;
import dev.switchboard.store.OutboxStore;
import dev.switchboard.store.StaleMessages;
import dev.switchboard.store.StatusStore;
import dev.switchboard.twilio.TwilioAccess;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.spi.Registry;

import javax.sql.DataSource;
import java.time.Clock;

/** Binds {@code retryGuard} and {@code staleStatusJob}: retries without double sends (docs/retries.md). */
final class RetryBeans {

    private RetryBeans() {
    }

    static RetryGuard bind(Registry registry, Settings settings, DataSource ds, OutboxStore outbox, StatusStore statuses,
                           TwilioAccess twilio, CircuitBreaker breaker, Backoff backoff, Clock clock, Meters meters) {
        StaleMessages stale = new StaleMessages(ds, clock);
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
                settings.getMillis("switchboard.reconcile.after-ms", 43_200_000),
                settings.getInt("switchboard.reconcile.batch", 100)));
        return guard;
    }
}
