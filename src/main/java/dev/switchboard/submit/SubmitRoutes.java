package dev.switchboard.submit;

import org.apache.camel.builder.RouteBuilder;

/** The front door: every inbound adapter hands its canonical request to {@code direct:submit}. */
public final class SubmitRoutes extends RouteBuilder {

    @Override
    public void configure() {
        // No error handler here: the calling adapter answers failures its own way (HTTP status, file to failed/, …).
        from("direct:submit")
                .routeId("submit")
                .errorHandler(noErrorHandler())
                .routeDescription("Validates, dedupes and commits one canonical message request to the outbox")
                .bean("submitService", "submit");

        // The door for routes whose source speaks (or is mapped with jq to) the API's JSON: text, Jackson node or Map in,
        // headers Idempotency-Key and SwitchboardSource; validated exactly like the API, then the same as direct:submit.
        from("direct:submit-json")
                .routeId("submit-json")
                .errorHandler(noErrorHandler())
                .routeDescription("Maps the API's JSON (text, Jackson node or Map) to a canonical request and submits it")
                .bean("jsonRequests", "fromExchange")
                .to("direct:submit");

        // The same door for many requests in one transaction (file imports): List<MessageRequest> in,
        // List<SubmitOutcome> out, a refused request reported in its outcome; no error handler either.
        from("direct:submit-batch")
                .routeId("submit-batch")
                .errorHandler(noErrorHandler())
                .routeDescription("Validates, dedupes and commits a batch of canonical requests in one transaction")
                .bean("submitService", "submitBatch");
    }
}
