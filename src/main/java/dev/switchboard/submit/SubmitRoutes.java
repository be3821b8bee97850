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

        // The same door for many requests in one transaction (file imports): List<MessageRequest> in,
        // List<SubmitOutcome> out, a refused request reported in its outcome; no error handler either.
        from("direct:submit-batch")
                .routeId("submit-batch")
                .errorHandler(noErrorHandler())
                .routeDescription("Validates, dedupes and commits a batch of canonical requests in one transaction")
                .bean("submitService", "submitBatch");
    }
}
