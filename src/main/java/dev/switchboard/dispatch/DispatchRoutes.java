package dev.switchboard.dispatch;

import dev.switchboard.domain.Vars;
import dev.switchboard.settings.Settings;
import dev.switchboard.domain.Channel;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Predicate;
import org.apache.camel.ShutdownRunningTask;
import org.apache.camel.builder.RouteBuilder;

/**
 * The pipeline from the outbox to Twilio, as the card draws it: claim → consent enricher → filter on the verdict →
 * content-based router on the channel ({@code send-sms}, {@code send-whatsapp}, {@code send-call}) → throttle →
 * circuit breaker → {@code twilio:} endpoint → settle. The logic sits in small beans; the routes show the decisions.
 */
public final class DispatchRoutes extends RouteBuilder {

    /** Camel's limit for one seda consumer pool. */
    private static final int MAX_CONSUMERS = 500;

    /** The consent lookup's answer (a Verdict) kept on the claim's exchange; nothing else of the lookup is. */
    private static final AggregationStrategy KEEP_VERDICT = (claim, lookup) -> {
        claim.setProperty(Vars.VERDICT, lookup.getMessage().getBody());
        return claim;
    };

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
        long reconcileMs = settings.getLong("switchboard.reconcile.period-ms", 10_000);

        // Routes stop in reverse start order: each after the routes that feed it, so at shutdown what is under way
        // reaches the end (send-message releases what has not been sent), and no direct: call finds its route gone.
        from("timer:dispatch-due?period=" + pollMs + "&delay=" + pollMs)
                .routeId("dispatch-due")
                .routeDescription("Claims due messages, transactional first, each with its slot in the send schedule")
                .bean("outboxPoller", "claim")
                .bean("dispatchStamps", "claimed")
                .split(body())
                    .to("seda:pace-message?size=100000&blockWhenFull=true")
                .end();

        from("seda:pace-message?size=100000&concurrentConsumers=" + waiters)
                .routeId("pace-message")
                .routeDescription("Gives each claimed message its own consumer, from the consent check to its send slot")
                .startupOrder(108)
                .shutdownRunningTask(ShutdownRunningTask.CompleteAllTasks)
                .routeConfigurationId("dispatch-errors")
                .to("direct:dispatch");

        from("direct:dispatch")
                .routeId("dispatch")
                .routeDescription("Consent enricher, filter on its verdict, content-based router on the channel")
                .startupOrder(107)
                .routeConfigurationId("dispatch-errors")
                .setProperty(Vars.CLAIM, body())
                .enrich("direct:consent-lookup", KEEP_VERDICT).id("consent-enricher")
                // Suppressed (opted out, outside the WhatsApp window, destination not allowed) or deferred (quiet
                // hours): settled here with the reason.
                .filter().method("dispatchGate", "admit").id("consent-filter")
                    .choice().id("route-by-channel")
                        .when(sendingOn(Channel.SMS)).to("direct:send-sms")
                        .when(sendingOn(Channel.WHATSAPP)).to("direct:send-whatsapp")
                        .when(sendingOn(Channel.VOICE)).to("direct:send-call")
                    .end()
                .end();

        from("direct:consent-lookup")
                .routeId("consent-lookup")
                .routeDescription("Reads the recipient's opt-outs and WhatsApp window in one statement and decides:"
                        + " send (on which channel), defer, or suppress")
                .startupOrder(106)
                .errorHandler(noErrorHandler())
                .bean("consentLookup", "read").id("read-consent")
                .bean("consentLookup", "decide");

        from("direct:send-sms")
                .routeId("send-sms")
                .routeDescription("An SMS (or a WhatsApp message falling back to SMS) as a message/creator request")
                .startupOrder(105)
                .errorHandler(noErrorHandler())
                // Max age, and an earlier attempt with no known outcome: reconciled before any POST.
                .filter().method("retryGuard", "mayPost")
                    .bean("messageRequests", "sms")
                    .to("direct:throttle")
                .end();

        from("direct:send-whatsapp")
                .routeId("send-whatsapp")
                .routeDescription("A WhatsApp message (text, media or template) as a message/creator request")
                .startupOrder(104)
                .errorHandler(noErrorHandler())
                .filter().method("retryGuard", "mayPost")
                    .bean("messageRequests", "whatsapp")
                    .to("direct:throttle")
                .end();

        from("direct:throttle")
                .routeId("throttle")
                .routeDescription("Waits for the message's slot in the send schedule, planned in the database for all"
                        + " instances at claim time (the Throttle EIP would pace each instance on its own)")
                .startupOrder(102)
                .errorHandler(noErrorHandler())
                .bean("accountThrottleMeter", "enter")
                .bean("sendSlotWait", "await").id("wait-send-slot")
                .bean("accountThrottleMeter", "leave")
                // Off the waiting threads: the threads that talk to Twilio never sleep for a slot.
                .to("seda:send-message?size=100000&blockWhenFull=true");

        from("seda:send-message?size=100000&concurrentConsumers=" + concurrency)
                .routeId("send-message")
                .routeDescription("Sends one SMS or WhatsApp message through camel-twilio, breaker-guarded, and settles"
                        + " the claim")
                .startupOrder(100)
                .shutdownRunningTask(ShutdownRunningTask.CompleteAllTasks)
                .routeConfigurationId("dispatch-errors")
                // Shutting down: what has not reached Twilio yet is released, not sent.
                .filter().method("dispatchStop", "proceed")
                // The claim must outlive the request, or another poll could claim and send it again.
                .filter().method("leaseGuard", "admit")
                    .circuitBreaker().id("breaker")
                        .resilience4jConfiguration().circuitBreaker("twilioBreaker").end()
                        // Spacing right before the request, on the thread that makes it: no hand-off after it
                        // can bunch two requests closer than one sender's, then one account's, interval.
                        .bean("senderSpacing", "await")
                        .bean("sendSpacing", "await")
                        .bean("dispatchStamps", "requesting")
                        .to("twilio:message/creator").id("to-twilio-message")
                    // Failures and the open breaker arrive here (the route's error handler never sees them).
                    .onFallback()
                        .bean("settlement", "settle")
                    .end()
                    .bean("settlement", "settle").id("settle")
                .end()
                .end();

        from("timer:reconcile-stale?period=" + reconcileMs + "&delay=" + Math.min(reconcileMs, 2_000))
                .routeId("reconcile-stale")
                .routeDescription("Fetches from Twilio the messages and calls still not final some time after their last status change (lost callbacks)")
                .bean("staleStatusJob", "run");

        from("timer:sweep-orphans?period=" + sweepMs)
                .routeId("sweep-orphans")
                .routeDescription("Applies kept status callbacks whose SID the dispatcher has stored since")
                .bean("orphanSweep", "run");
    }

    private static Predicate sendingOn(Channel channel) {
        return exchange -> channel.wireName().equals(exchange.getProperty(Vars.SEND_CHANNEL, String.class));
    }
}
