package dev.switchboard.callback;

import org.apache.camel.builder.RouteBuilder;

/** Twilio's signed callbacks into Switchboard. */
public final class CallbackRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("platform-http:/twilio/status?httpMethodRestrict=POST")
                .routeId("record-status")
                .routeDescription("Checks the signature of a message status callback and records it")
                .bean("statusCallbacks", "handle");

        from("platform-http:/twilio/inbound?httpMethodRestrict=POST")
                .routeId("record-inbound")
                .routeDescription("Checks the signature of an incoming SMS/WhatsApp message, records it, applies keywords")
                .bean("inboundMessages", "handle");
    }
}
