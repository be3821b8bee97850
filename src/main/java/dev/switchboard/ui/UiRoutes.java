package dev.switchboard.ui;

import org.apache.camel.builder.RouteBuilder;

/** The status page {@code /ui} for operators: static files, and the JSON it reads with the API key. */
public final class UiRoutes extends RouteBuilder {

    @Override
    public void configure() {
        // The page asks for the API key and sends it as a Bearer token to the JSON below.
        from("platform-http:/ui?httpMethodRestrict=GET").routeId("ui-page")
                .routeDescription("GET /ui: the status page (it holds no data; it asks for the API key)")
                .routeConfigurationId("api-errors")
                .bean("statusPage", "file");

        from("platform-http:/ui/{file}?httpMethodRestrict=GET").routeId("ui-files")
                .routeDescription("GET /ui/app.js, /ui/style.css: the status page's script and style from the jar")
                .routeConfigurationId("api-errors")
                .bean("statusPage", "file");

        rest("/ui/api")
                .get("/summary").to("direct:ui-summary")
                .get("/charts").to("direct:ui-charts")
                .get("/messages").to("direct:ui-messages")
                .get("/messages/{id}").to("direct:ui-message");

        from("direct:ui-summary").routeId("ui-summary")
                .routeDescription("GET /ui/api/summary: last hour's counts, outbox, breaker, throttles, opt-outs, imports")
                .routeConfigurationId("api-errors")
                .bean("messagesApi", "authorize")
                .bean("statusPage", "summary");

        from("direct:ui-charts").routeId("ui-charts")
                .routeDescription("GET /ui/api/charts: last hour's messages per minute by outcome, delivery ratio, top error codes")
                .routeConfigurationId("api-errors")
                .bean("messagesApi", "authorize")
                .bean("trafficCharts", "charts");

        from("direct:ui-messages").routeId("ui-messages")
                .routeDescription("GET /ui/api/messages?q=: newest messages, or by id or recipient, numbers masked")
                .routeConfigurationId("api-errors")
                .bean("messagesApi", "authorize")
                .bean("statusPage", "search");

        from("direct:ui-message").routeId("ui-message")
                .routeDescription("GET /ui/api/messages/{id}: one message's event history, numbers masked")
                .routeConfigurationId("api-errors")
                .bean("messagesApi", "authorize")
                .bean("statusPage", "history");
    }
}
