package dev.switchboard.wiring;

import dev.switchboard.observe.BreakerMetrics;
import dev.switchboard.observe.DatabaseUpMetric;
import dev.switchboard.observe.OutboxLagHealthCheck;
import dev.switchboard.observe.OutboxMetrics;
import dev.switchboard.observe.ThrottleMeter;

import dev.switchboard.settings.Settings;
import dev.switchboard.file.ImportStore;
import dev.switchboard.store.MessageStore;
import dev.switchboard.store.OpsStore;
import dev.switchboard.ui.StatusPage;
import dev.switchboard.ui.TrafficCharts;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/** Binds what operators look at: metrics beyond Camel's own, the status page's data. */
public final class Observability {

    private Observability() {
    }

    public static void bind(CamelContext context, Settings settings, DataSource ds, MessageStore messages,
                            CircuitBreaker breaker, Clock clock) {
        Registry registry = context.getRegistry();
        Supplier<MeterRegistry> meters = () -> registry.findSingleByType(MeterRegistry.class);
        ThrottleMeter account = new ThrottleMeter("account", settings.getDouble("switchboard.rate.mps", 80), meters);
        ThrottleMeter voice = new ThrottleMeter("voice", settings.getDouble("switchboard.voice.cps", 1), meters);
        registry.bind("accountThrottleMeter", account);
        registry.bind("voiceThrottleMeter", voice);
        OpsStore ops = new OpsStore(ds);
        registry.bind("opsStore", ops);
        OutboxMetrics outbox = new OutboxMetrics(ops, meters, clock);
        registry.bind("outboxMetrics", outbox);
        registry.bind("outboxLagHealthCheck", new OutboxLagHealthCheck(outbox,
                settings.getMillis("switchboard.health.outbox-lag-ms", 300_000)));
        registry.bind("breakerMetrics", new BreakerMetrics(breaker, meters));
        registry.bind("databaseUpMetric", new DatabaseUpMetric(ds, meters));
        registry.bind("trafficCharts", new TrafficCharts(ops, clock));
        registry.bind("statusPage", new StatusPage(messages, ops,
                registry.lookupByNameAndType("importStore", ImportStore.class), breaker, List.of(account, voice),
                registry.lookupByNameAndType("webhookEndpoints", dev.switchboard.store.WebhookEndpoints.class),
                registry.lookupByNameAndType("webhookHistory", dev.switchboard.store.WebhookHistory.class), clock));
    }
}
