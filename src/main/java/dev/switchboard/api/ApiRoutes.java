package dev.switchboard.api;

import org.apache.camel.builder.RouteBuilder;

/** The REST API {@code /api/v1}: submit hands the canonical request to the front door; reads, consents, imports. */
public final class ApiRoutes extends RouteBuilder {

    @Override
    public void configure() {
        restConfiguration().component("platform-http").bindingMode("off");

        rest("/api/v1/messages")
                .post().to("direct:api-submit")
                .post("/batch").to("direct:api-batch")
                .get().to("direct:api-list")
                .get("/{id}").to("direct:api-get")
                .delete("/{id}").to("direct:api-cancel");

        rest("/api/v1/imports")
                .get().to("direct:api-imports")
                .get("/{name}").to("direct:api-import-get");

        rest("/api/v1/consents")
                .get().to("direct:api-consents")
                .get("/{phone}").to("direct:api-consent-get")
                .put("/{phone}").to("direct:api-consent-put");

        // Public like any API description: tools fetch it before they have a key.
        rest("/api/v1/openapi.json").get().to("direct:api-openapi");

        from("direct:api-openapi").routeId("api-openapi")
                .routeDescription("GET /api/v1/openapi.json: this API as OpenAPI 3.1 (no key needed)")
                .routeConfigurationId("api-errors")
                .bean("openApiDocument", "serve");

        from("direct:api-submit").routeId("api-submit")
                .routeDescription("POST /api/v1/messages: authenticate, map JSON, submit, answer 202 after commit")
                .routeConfigurationId("api-errors")
                .bean("messagesApi", "authorize")
                .bean("messagesApi", "toRequest")
                .to("direct:submit")
                .bean("messagesApi", "accepted");

        from("direct:api-batch").routeId("api-batch")
                .routeDescription("POST /api/v1/messages/batch: up to 1,000 requests committed together, 200 with"
                        + " one result per item in order")
                .routeConfigurationId("api-errors")
                .bean("batchApi", "submit");

        from("direct:api-get").routeId("api-get")
                .routeDescription("GET /api/v1/messages/{id}: one message with its events")
                .routeConfigurationId("api-errors")
                .bean("messagesApi", "authorize")
                .bean("messagesApi", "getOne");

        from("direct:api-cancel").routeId("api-cancel")
                .routeDescription("DELETE /api/v1/messages/{id}: cancel a message that has not gone to Twilio")
                .routeConfigurationId("api-errors")
                .bean("messagesApi", "authorize")
                .bean("messagesApi", "cancel");

        from("direct:api-consent-get").routeId("api-consent-get")
                .routeDescription("GET /api/v1/consents/{phone}: consent per channel and its history")
                .routeConfigurationId("api-errors")
                .bean("messagesApi", "authorize")
                .bean("consentsApi", "getOne");

        from("direct:api-consent-put").routeId("api-consent-put")
                .routeDescription("PUT /api/v1/consents/{phone}: opt a recipient in or out of a channel")
                .routeConfigurationId("api-errors")
                .bean("messagesApi", "authorize")
                .bean("consentsApi", "put");

        from("direct:api-consents").routeId("api-consents")
                .routeDescription("GET /api/v1/consents?state=: recipients by consent state, paged")
                .routeConfigurationId("api-errors")
                .bean("messagesApi", "authorize")
                .bean("consentsApi", "list");

        from("direct:api-list").routeId("api-list")
                .routeDescription("GET /api/v1/messages: newest first, filtered, paged by cursor")
                .routeConfigurationId("api-errors")
                .bean("messagesApi", "authorize")
                .bean("messagesApi", "list");

        from("direct:api-imports").routeId("api-imports")
                .routeDescription("GET /api/v1/imports: files taken from the inbox and their counts, newest first")
                .routeConfigurationId("api-errors")
                .bean("messagesApi", "authorize")
                .bean("importsApi", "list");

        from("direct:api-import-get").routeId("api-import-get")
                .routeDescription("GET /api/v1/imports/{name}: the newest import of a file with that name")
                .routeConfigurationId("api-errors")
                .bean("messagesApi", "authorize")
                .bean("importsApi", "getOne");
    }
}
