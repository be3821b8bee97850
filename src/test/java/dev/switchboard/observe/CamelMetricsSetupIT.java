package dev.switchboard.observe;

import dev.switchboard.testing.Backend;
import dev.switchboard.testing.RunningSwitchboard;
import org.apache.camel.component.micrometer.eventnotifier.MicrometerExchangeEventNotifier;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Camel's per-exchange metrics notifier stays off (it searched the whole meter registry on every exchange: each
 * published event, each import batch), while per-route metrics stay on. camel-micrometer-prometheus takes the
 * option only as a camel.metrics.* property; the fluent setter alone left the notifier running.
 */
class CamelMetricsSetupIT {

    @Test
    void route_metrics_are_on_and_the_per_exchange_notifier_is_off() {
        try (RunningSwitchboard sb = RunningSwitchboard.start(Backend.POSTGRES.freshDatabase("camel_metrics_setup"))) {
            assertThat(sb.context().getManagementStrategy().getEventNotifiers())
                    .noneMatch(n -> n instanceof MicrometerExchangeEventNotifier);
            assertThat(sb.context().getRoutePolicyFactories())
                    .anyMatch(f -> f instanceof MicrometerRoutePolicyFactory);
        }
    }
}
