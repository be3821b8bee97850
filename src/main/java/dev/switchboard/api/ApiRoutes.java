package dev.switchboard.api;

import org.apache.camel.builder.RouteBuilder;

/** The REST API {@code /api/v1/messages}: submit hands the canonical request to the front door. */
public final class ApiRoutes extends RouteBuilder {

    @Override
    public void configure() {
        restConfiguration().component("platform-http").bindingMode("off");

        rest("/api/v1/messages")
                .post().to("direct:api-submit")
                .get().to("direct:api-list")
                .get("/{id}").to("direct:api-get");

        from("direct:api-submit").routeId("api-submit")
                .routeDescription("POST /api/v1/messages: authenticate, map JSON, submit, answer 202 after commit")
                .routeConfigurationId("api-errors")
                .bean("messagesApi", "authorize")
                .bean("messagesApi", "toRequest")
                .to("direct:submit")
                .bean("messagesApi", "accepted");

        from("direct:api-get").routeId("api-get")
                .routeDescription("GET /api/v1/messages/{id}: one message with its events")
                .routeConfigurationId("api-errors")
                .bean("messagesApi", "authorize")
                .bean("messagesApi", "getOne");

        from("direct:api-list").routeId("api-list")
                .routeDescription("GET /api/v1/messages: newest first, filtered, paged by cursor")
                .routeConfigurationId("api-errors")
                .bean("messagesApi", "authorize")
                .bean("messagesApi", "list");
    }
}
