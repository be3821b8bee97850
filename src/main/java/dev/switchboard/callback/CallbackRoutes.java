package dev.switchboard.callback;

import org.apache.camel.builder.RouteBuilder;

/**
 * Twilio's signed callbacks into Switchboard, each in four steps: the signature (and replay) check, parse, apply to
 * the database, reply. A step that answers by itself (403 forged, 200 already handled, 400 incomplete) ends the route
 * there ({@code Exchange.setRouteStop}).
 */
public final class CallbackRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("platform-http:/twilio/status?httpMethodRestrict=POST")
                .routeId("record-status")
                .routeDescription("A message status callback: signature, parse, apply (once, never backwards), reply")
                .bean("statusCallbacks", "verify").id("check-status-signature")
                .bean("statusCallbacks", "parse").id("parse-status")
                .bean("statusCallbacks", "apply").id("apply-status")
                .bean("statusCallbacks", "reply").id("reply-status");

        from("platform-http:/twilio/inbound?httpMethodRestrict=POST")
                .routeId("record-inbound")
                .routeDescription("An incoming SMS/WhatsApp message: signature, parse, apply (record it; STOP, START"
                        + " change consent), reply (HELP answered)")
                .bean("inboundMessages", "verify").id("check-inbound-signature")
                .bean("inboundMessages", "parse").id("parse-inbound")
                .bean("inboundMessages", "apply").id("apply-inbound")
                .bean("inboundMessages", "reply").id("reply-inbound");
    }
}
