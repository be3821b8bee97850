package dev.switchboard.twilio;

import dev.switchboard.domain.Channel;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.type.PhoneNumber;
import dev.switchboard.store.StoredMessage;
import org.apache.camel.Message;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;

/**
 * camel-twilio's {@code message/creator} arguments for one message, as headers (never in the endpoint
 * URI): SMS, or WhatsApp with {@code whatsapp:} addresses and templates ({@code ContentSid}, no body).
 */
public final class CreatorHeaders {

    private static final String H = "CamelTwilio.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CreatorHeaders() {
    }

    public static void apply(Message msg, StoredMessage m, Channel channel, TwilioAccess twilio, URI statusCallback) {
        msg.removeHeaders("*");
        msg.setHeader(H + "to", new PhoneNumber(to(m, channel)));
        String from = from(m, channel, twilio);
        if (from != null) {
            msg.setHeader(H + "from", new PhoneNumber(from));
        } else {
            msg.setHeader(H + "messagingServiceSid", twilio.messagingServiceSid());
        }
        // Set even when null: the creator is chosen by its arguments, and a template has no body.
        msg.setHeader(H + "body", m.body());
        if (m.contentSid() != null) {
            msg.setHeader(H + "contentSid", m.contentSid());
            if (m.contentVariablesJson() != null) {
                msg.setHeader(H + "contentVariables", m.contentVariablesJson());
            }
        }
        if (m.mediaUrlsJson() != null) {
            msg.setHeader(H + "mediaUrl", mediaUrls(m.mediaUrlsJson()));
        }
        msg.setHeader(H + "statusCallback", statusCallback);
        msg.setBody(null);
    }

    /** The To Twilio sees: {@code whatsapp:}-prefixed on WhatsApp. */
    static String to(StoredMessage m, Channel channel) {
        return channel.address(m.to());
    }

    /** The From Twilio sees, or null when the messaging service picks it. */
    static String from(StoredMessage m, Channel channel, TwilioAccess twilio) {
        // A WhatsApp sender does not carry over when the message falls back to SMS.
        String from = channel.is(m.channel()) ? m.from() : null;
        if (from == null && channel == Channel.WHATSAPP) {
            from = twilio.whatsappNumber();
        }
        if (from != null) {
            return channel.address(from);
        }
        return twilio.messagingServiceSid() != null ? null : twilio.phoneNumber();
    }

    private static List<URI> mediaUrls(String json) {
        try {
            return JSON.readValue(json, new TypeReference<List<String>>() { }).stream().map(URI::create).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("stored media URLs are JSON written by Switchboard", e);
        }
    }
}
