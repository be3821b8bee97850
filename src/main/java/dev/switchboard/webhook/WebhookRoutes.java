package dev.switchboard.webhook;

import dev.switchboard.settings.Settings;
import org.apache.camel.builder.RouteBuilder;

/**
 * Status webhooks (docs/webhooks.md): the fan-out from the event cursor to deliveries, the sender, housekeeping, and
 * {@code /api/v1/webhooks}.
 */
public final class WebhookRoutes extends RouteBuilder {

    private final Settings settings;

    public WebhookRoutes(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void configure() {
        long fanout = settings.getLong("switchboard.webhook.fanout-ms", 250);
        from("timer:webhook-fanout-status?period=" + fanout).routeId("webhook-fanout-status")
                .routeDescription("Applied status changes past the webhook cursor become events, one delivery per endpoint")
                .bean("webhookStatusFanout", "run");
        from("timer:webhook-fanout-inbound?period=" + fanout).routeId("webhook-fanout-inbound")
                .routeDescription("Inbound messages past the webhook cursor become message.inbound events")
                .bean("webhookInboundFanout", "run");
        from("timer:webhook-send?period=" + settings.getLong("switchboard.webhook.poll-ms", 100))
                .routeId("webhook-send")
                .routeDescription("Starts the due webhook deliveries that fit: per-endpoint queues, signed, recorded")
                .bean("webhookSender", "run");
        from("timer:webhook-housekeeping?period=5000").routeId("webhook-housekeeping")
                .routeDescription("Webhook gauges (lag, disabled endpoints) and retention of delivered events")
                .bean("webhookHousekeeping", "run");

        rest("/api/v1/webhooks")
                .post().to("direct:api-webhook-create")
                .get().to("direct:api-webhooks")
                .get("/{id}").to("direct:api-webhook-get")
                .delete("/{id}").to("direct:api-webhook-delete")
                .post("/{id}/rotate").to("direct:api-webhook-rotate")
                .post("/{id}/enable").to("direct:api-webhook-enable")
                .post("/{id}/replay").to("direct:api-webhook-replay")
                .get("/{id}/deliveries").to("direct:api-webhook-deliveries");
        rest("/api/v1/messages/{id}/webhooks").get().to("direct:api-message-webhooks");

        api("api-webhook-create", "POST /api/v1/webhooks: a new endpoint; its secret is shown once", "create");
        api("api-webhooks", "GET /api/v1/webhooks: every endpoint with its state", "list");
        api("api-webhook-get", "GET /api/v1/webhooks/{id}: one endpoint with its state", "getOne");
        api("api-webhook-delete", "DELETE /api/v1/webhooks/{id}: no more events; undelivered ones canceled", "delete");
        api("api-webhook-rotate", "POST /api/v1/webhooks/{id}/rotate: a new secret, the old one signing meanwhile", "rotate");
        api("api-webhook-enable", "POST /api/v1/webhooks/{id}/enable: enabled again; what waited is sent", "enable");
        api("api-webhook-replay", "POST /api/v1/webhooks/{id}/replay?since=: events since a time sent again", "replay");
        api("api-webhook-deliveries", "GET /api/v1/webhooks/{id}/deliveries: recent deliveries and attempts",
                "endpointDeliveries");
        api("api-message-webhooks", "GET /api/v1/messages/{id}/webhooks: a message's events as delivered",
                "messageDeliveries");
    }

    private void api(String id, String description, String method) {
        from("direct:" + id).routeId(id)
                .routeDescription(description)
                .routeConfigurationId("api-errors")
                .bean("messagesApi", "authorize")
                .bean("webhooksApi", method);
    }
}
