package dev.switchboard.twilio;

import dev.switchboard.domain.Channel;

import dev.switchboard.domain.Vars;
import dev.switchboard.store.Claim;
import org.apache.camel.Exchange;

import java.net.URI;

/**
 * The {@code send-sms} and {@code send-whatsapp} routes' request step: camel-twilio's {@code message/creator}
 * arguments for the claimed message, as headers ({@link CreatorHeaders}), with the status callback URL.
 */
public final class MessageRequests {

    private final TwilioAccess twilio;
    private final URI statusCallback;

    public MessageRequests(TwilioAccess twilio, String publicUrl) {
        this.twilio = twilio;
        this.statusCallback = URI.create(CallbackUrls.of(publicUrl, "/twilio/status"));
    }

    /** An SMS (also a WhatsApp message falling back to SMS). */
    public void sms(Exchange exchange) {
        build(exchange, Channel.SMS);
    }

    /** A WhatsApp message: {@code whatsapp:} addresses, the WhatsApp sender, templates. */
    public void whatsapp(Exchange exchange) {
        build(exchange, Channel.WHATSAPP);
    }

    private void build(Exchange exchange, Channel channel) {
        Claim claim = exchange.getProperty(Vars.CLAIM, Claim.class);
        CreatorHeaders.apply(exchange.getMessage(), claim.message(), channel, twilio, statusCallback);
    }
}
