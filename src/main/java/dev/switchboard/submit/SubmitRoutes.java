package dev.switchboard.submit;

import org.apache.camel.builder.RouteBuilder;

/** The front door: every inbound adapter hands its canonical request to {@code direct:submit}. */
public final class SubmitRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("direct:submit")
                .routeId("submit")
                .routeDescription("Validates, dedupes and commits one canonical message request to the outbox")
                .bean("submitService", "submit");
    }
}
