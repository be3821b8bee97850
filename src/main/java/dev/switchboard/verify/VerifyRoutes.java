package dev.switchboard.verify;

import dev.switchboard.settings.Settings;
import org.apache.camel.builder.RouteBuilder;

/** {@code /api/v1/verifications}: Twilio Verify, throttled and inside the same circuit breaker as messages and calls. */
public final class VerifyRoutes extends RouteBuilder {

    private final Settings settings;

    public VerifyRoutes(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void configure() {
        long rate = settings.getLong("switchboard.rate.mps", 80);

        rest("/api/v1/verifications")
                .post().to("direct:api-verify-start")
                .post("/check").to("direct:api-verify-check");

        from("direct:api-verify-start").routeId("api-verify-start")
                .routeDescription("POST /api/v1/verifications: our per-recipient limit, then Twilio Verify starts a code")
                .routeConfigurationId("api-errors")
                .bean("messagesApi", "authorize")
                .bean("verifications", "startRequest")
                .throttle(constant(rate)).timePeriodMillis(1000).mode("TotalRequests").id("throttle-verify")
                .circuitBreaker()
                    .resilience4jConfiguration().circuitBreaker("twilioBreaker").end()
                    .bean("verifications", "callStart").id("to-twilio-verify-start")
                .onFallback()
                    .bean("verifications", "fallback")
                .end()
                .bean("verifications", "startAnswer");

        from("direct:api-verify-check").routeId("api-verify-check")
                .routeDescription("POST /api/v1/verifications/check: Twilio Verify checks a code (never stored or logged)")
                .routeConfigurationId("api-errors")
                .bean("messagesApi", "authorize")
                .bean("verifications", "checkRequest")
                .throttle(constant(rate)).timePeriodMillis(1000).mode("TotalRequests").id("throttle-verify-check")
                .circuitBreaker()
                    .resilience4jConfiguration().circuitBreaker("twilioBreaker").end()
                    .bean("verifications", "callCheck").id("to-twilio-verify-check")
                .onFallback()
                    .bean("verifications", "fallback")
                .end()
                .bean("verifications", "checkAnswer");
    }
}
