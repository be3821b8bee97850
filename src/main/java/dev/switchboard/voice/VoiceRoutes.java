package dev.switchboard.voice;

import dev.switchboard.settings.Settings;
import org.apache.camel.builder.RouteBuilder;

/**
 * Calls: their own outbox lane and throttle ({@code SWITCHBOARD_VOICE_CPS}) into the same circuit breaker
 * as messages; call status callbacks; the IVR's webhooks; retries of busy and unanswered calls.
 */
public final class VoiceRoutes extends RouteBuilder {

    private final Settings settings;

    public VoiceRoutes(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void configure() {
        long pollMs = settings.getLong("switchboard.outbox.poll-ms", 200);
        long cps = settings.getLong("switchboard.voice.cps", 1);
        long retryMs = settings.getLong("switchboard.voice.retry-sweep-ms", 1_000);

        from("timer:dispatch-calls?period=" + pollMs + "&delay=" + pollMs)
                .routeId("dispatch-calls")
                .routeDescription("Claims due calls from the outbox (a batch the voice rate sends well inside the lease),"
                        + " each into the dispatch route")
                .bean("callPoller", "claim")
                .bean("dispatchStamps", "claimed")
                // One at a time: the voice throttle paces them anyway, and the dispatch pool stays for messages.
                .split(body())
                    .to("direct:dispatch")
                .end();

        from("direct:send-call")
                .routeId("send-call")
                .routeDescription("Places one call through camel-twilio call/creator, throttled to the voice rate"
                        + " (SWITCHBOARD_VOICE_CPS) and breaker-guarded, and settles the claim")
                .startupOrder(103)
                .routeConfigurationId("dispatch-errors")
                .filter().method("callSender", "prepare")
                    .bean("voiceThrottleMeter", "enter")
                    .throttle(constant(cps)).timePeriodMillis(1000).mode("TotalRequests").id("throttle-voice")
                    .bean("voiceThrottleMeter", "leave")
                    // Shutting down: what has not reached Twilio yet is released, not sent.
                    .filter().method("dispatchStop", "proceed")
                        .circuitBreaker()
                            .resilience4jConfiguration().circuitBreaker("twilioBreaker").end()
                            .bean("dispatchStamps", "requesting")
                            .to("twilio:call/creator").id("to-twilio-call")
                        // Failures and the open breaker arrive here (the route's error handler never sees them).
                        .onFallback()
                            .bean("settlement", "settle")
                        .end()
                        .bean("settlement", "settle")
                    .end()
                .end();

        from("timer:retry-calls?period=" + retryMs)
                .routeId("retry-calls")
                .routeDescription("Puts busy and unanswered calls whose request asked for retries back into the outbox")
                .bean("callRetries", "sweep");

        from("platform-http:/twilio/voice/status?httpMethodRestrict=POST")
                .routeId("record-call-status")
                .routeDescription("Checks the signature of a call progress callback and records it")
                .bean("voiceStatusCallbacks", "handle");

        from("platform-http:/twilio/voice/incoming?httpMethodRestrict=POST")
                .routeId("ivr-incoming")
                .routeDescription("Answers a call to the Twilio number with the default IVR menu")
                .bean("ivrWebhooks", "incoming");

        from("platform-http:/twilio/voice/menu/{name}?httpMethodRestrict=POST")
                .routeId("ivr-menu")
                .routeDescription("Answers with an IVR menu's prompt inside a Gather")
                .bean("ivrWebhooks", "menu");

        from("platform-http:/twilio/voice/menu/{name}/choice?httpMethodRestrict=POST")
                .routeId("ivr-choice")
                .routeDescription("Answers a caller's digit or spoken word with the option's action")
                .bean("ivrWebhooks", "choice");

        from("platform-http:/twilio/voice/recording?httpMethodRestrict=POST")
                .routeId("ivr-recording")
                .routeDescription("Stores a voicemail's URL, length and transcription with its call")
                .bean("ivrWebhooks", "recording");
    }
}
