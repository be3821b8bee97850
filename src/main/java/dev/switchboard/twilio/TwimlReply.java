package dev.switchboard.twilio;

import org.apache.camel.Exchange;

/** Answers to Twilio's webhooks, with every other header dropped so none leaks into the response. */
public final class TwimlReply {

    private TwimlReply() {
    }

    public static void xml(Exchange exchange, String twiml) {
        reply(exchange, 200, "application/xml", twiml);
    }

    public static void text(Exchange exchange, int status, String text) {
        reply(exchange, status, "text/plain", text);
    }

    private static void reply(Exchange exchange, int status, String contentType, String body) {
        var msg = exchange.getMessage();
        msg.removeHeaders("*");
        msg.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        msg.setHeader(Exchange.CONTENT_TYPE, contentType);
        msg.setBody(body);
    }
}
