package dev.switchboard.dispatch;

import dev.switchboard.config.Settings;
import org.apache.camel.ShutdownRunningTask;
import org.apache.camel.builder.RouteBuilder;

/**
 * The dispatcher: claim due rows with their send times, re-check consent and wait for each time, send inside the
 * circuit breaker, settle. Queues between the stages let the next poll plan while messages wait, and keep waiting
 * messages from taking the threads that talk to Twilio.
 */
public final class DispatchRoutes extends RouteBuilder {

    /** Camel's limit for one seda consumer pool. */
    private static final int MAX_CONSUMERS = 500;

    private final Settings settings;

    public DispatchRoutes(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void configure() {
        long pollMs = settings.getLong("switchboard.outbox.poll-ms", 200);
        int concurrency = settings.getInt("switchboard.dispatch.concurrency", 16);
        // Every message claimed ahead (up to the horizon) sleeps in its own consumer until its send time.
        int waiters = (int) Math.min(MAX_CONSUMERS, Math.ceil(settings.getDouble("switchboard.rate.mps", 80)
                * (SendPacing.horizon(settings).toMillis() + SendPacing.LEAD.toMillis()) / 1000.0) + 1);
        long sweepMs = settings.getLong("switchboard.callback.orphan-sweep-ms", 5_000);
        long reconcileMs = settings.getLong("switchboard.reconcile.period-ms", 600_000);

        from("timer:dispatch-due?period=" + pollMs + "&delay=" + pollMs)
                .routeId("dispatch-due")
                .routeDescription("Claims due messages, each with its send time, and queues them for pacing")
                .bean("outboxPoller", "claim")
                .bean("messageSender", "claimed")
                .split(body())
                    .to("seda:pace-message?size=100000&blockWhenFull=true")
                .end();

        from("seda:pace-message?size=100000&concurrentConsumers=" + waiters)
                .routeId("pace-message")
                .routeDescription("Re-checks consent, prepares the Twilio request and waits for the message's send time")
                // Stopped after dispatch-due and before send-message: what is queued still reaches send-message.
                .startupOrder(101)
                .shutdownRunningTask(ShutdownRunningTask.CompleteAllTasks)
                .routeConfigurationId("dispatch-errors")
                .filter().method("dispatchGate", "admit")
                // Max age, max attempts, and an earlier attempt with no known outcome: reconciled before any POST.
                .filter().method("retryGuard", "mayPost")
                    .bean("messageSender", "prepare")
                    .bean("accountThrottleMeter", "enter")
                    .bean("sendSlotWait", "await").id("wait-send-slot")
                    .bean("accountThrottleMeter", "leave")
                    .to("seda:send-message?size=100000&blockWhenFull=true")
                .end()
                .end();

        from("seda:send-message?size=100000&concurrentConsumers=" + concurrency)
                .routeId("send-message")
                .routeDescription("Sends one claimed SMS or WhatsApp message through camel-twilio, breaker-guarded,"
                        + " and settles the claim")
                // Started first and stopped last; at shutdown what is queued is released, not lost.
                .startupOrder(100)
                .shutdownRunningTask(ShutdownRunningTask.CompleteAllTasks)
                .routeConfigurationId("dispatch-errors")
                // Shutting down: what has not reached Twilio yet is released, not sent.
                .filter().method("dispatchStop", "proceed")
                // The claim must outlive the request, or another poll could claim and send it again.
                .filter().method("leaseGuard", "admit")
                    .circuitBreaker()
                        .resilience4jConfiguration().circuitBreaker("twilioBreaker").end()
                        // Spacing right before the request, on the thread that makes it: no hand-off after it
                        // can bunch two requests closer than one sender's, then one account's, interval.
                        .bean("senderSpacing", "await")
                        .bean("sendSpacing", "await")
                        .bean("messageSender", "requesting")
                        .to("twilio:message/creator").id("to-twilio-message")
                    // Failures and the open breaker arrive here (the route's error handler never sees them).
                    .onFallback()
                        .bean("messageSender", "settle")
                    .end()
                    .bean("messageSender", "settle")
                .end()
                .end();

        from("timer:reconcile-stale?period=" + reconcileMs + "&delay=" + reconcileMs)
                .routeId("reconcile-stale")
                .routeDescription("Fetches from Twilio the messages still not final long after sending (lost callbacks)")
                .bean("staleStatusJob", "run");

        from("timer:sweep-orphans?period=" + sweepMs)
                .routeId("sweep-orphans")
                .routeDescription("Applies kept status callbacks whose SID the dispatcher has stored since")
                .bean("orphanSweep", "run");
    }
}
