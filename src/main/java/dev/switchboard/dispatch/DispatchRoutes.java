package dev.switchboard.dispatch;

import dev.switchboard.config.Settings;
import org.apache.camel.builder.RouteBuilder;

/** The dispatcher: claim due rows, throttle to Twilio's rate, send inside the circuit breaker, settle. */
public final class DispatchRoutes extends RouteBuilder {

    private final Settings settings;

    public DispatchRoutes(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void configure() {
        long pollMs = settings.getLong("switchboard.outbox.poll-ms", 200);
        long rate = settings.getLong("switchboard.rate.mps", 80);
        long sweepMs = settings.getLong("switchboard.callback.orphan-sweep-ms", 5_000);

        from("timer:dispatch-due?period=" + pollMs + "&delay=" + pollMs)
                .routeId("dispatch-due")
                .routeDescription("Claims due messages from the outbox and hands each to its channel's sender")
                .bean("outboxPoller", "claim")
                .bean("messageSender", "claimed")
                .split(body()).parallelProcessing().executorService("dispatchPool")
                    .to("direct:send-message")
                .end();

        from("direct:send-message")
                .routeId("send-message")
                .routeDescription("Re-checks consent, then sends one claimed SMS or WhatsApp message through camel-twilio,"
                        + " throttled and breaker-guarded")
                .routeConfigurationId("dispatch-errors")
                .filter().method("dispatchGate", "admit")
                    .bean("messageSender", "prepare")
                    .bean("accountThrottleMeter", "enter")
                    .throttle(constant(rate)).timePeriodMillis(1000).mode("TotalRequests").id("throttle-account")
                    .bean("accountThrottleMeter", "leave")
                    // Shutting down: what has not reached Twilio yet is released, not sent.
                    .filter().method("dispatchStop", "proceed")
                        .circuitBreaker()
                            .resilience4jConfiguration().circuitBreaker("twilioBreaker").end()
                            .bean("messageSender", "requesting")
                            .to("twilio:message/creator").id("to-twilio-message")
                        // Failures and the open breaker arrive here (the route's error handler never sees them).
                        .onFallback()
                            .bean("messageSender", "settle")
                        .end()
                        .bean("messageSender", "settle")
                    .end()
                .end();

        from("timer:sweep-orphans?period=" + sweepMs)
                .routeId("sweep-orphans")
                .routeDescription("Applies kept status callbacks whose SID the dispatcher has stored since")
                .bean("orphanSweep", "run");
    }
}
