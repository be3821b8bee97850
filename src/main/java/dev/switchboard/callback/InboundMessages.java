package dev.switchboard.callback;

import dev.switchboard.twilio.TwimlReply;

import dev.switchboard.domain.Channel;

import dev.switchboard.twilio.SignatureCheck;

import com.twilio.twiml.MessagingResponse;
import com.twilio.twiml.messaging.Body;
import com.twilio.twiml.messaging.Message;
import dev.switchboard.domain.Keyword;
import dev.switchboard.domain.Keywords;
import dev.switchboard.store.Consent;
import dev.switchboard.store.InboundMessage;
import dev.switchboard.store.InboundStore;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code record-inbound} route's steps for {@code POST /twilio/inbound}, a signed incoming SMS or WhatsApp
 * message (verify, parse, apply, reply). It is recorded once, opens
 * the conversation window, and a keyword (STOP, START, HELP and their synonyms) changes consent.
 */
public final class InboundMessages {

    private static final Logger LOG = LoggerFactory.getLogger(InboundMessages.class);
    private static final String PARAMS = "switchboard.webhookParams";
    private static final String INCOMING = "switchboard.incoming";

    private final SignatureCheck signatures;
    private final InboundStore inbound;
    private final String helpText;

    public InboundMessages(SignatureCheck signatures, InboundStore inbound, String helpText) {
        this.signatures = signatures;
        this.inbound = inbound;
        this.helpText = helpText;
    }

    /** What an incoming message is, once parsed: who wrote, on which channel, and the keyword it carries. */
    record Incoming(InboundMessage message, String phone, String channel, Optional<Keyword> keyword, Consent change) {
    }

    /** Signature and replay check: a forged (403) or already handled (200) delivery is answered, ending the route. */
    public void verify(Exchange exchange) {
        Optional<Map<String, String>> verified = signatures.verifiedParams(exchange, "/twilio/inbound");
        verified.ifPresent(params -> exchange.setProperty(PARAMS, params));
        exchange.setRouteStop(verified.isEmpty());
    }

    /** The message, its channel and keyword; without SID, From or To it is answered 400 here, ending the route. */
    public void parse(Exchange exchange) {
        @SuppressWarnings("unchecked")
        Map<String, String> params = exchange.getProperty(PARAMS, Map.class);
        String sid = params.getOrDefault("MessageSid", params.get("SmsSid"));
        String from = params.get("From");
        String to = params.get("To");
        if (sid == null || from == null || to == null) {
            TwimlReply.text(exchange, 400, "MessageSid, From and To are required");
            exchange.setRouteStop(true);
            return;
        }
        Channel on = Channel.ofAddress(from);
        String channel = on.wireName();
        String phone = on.number(from);
        String body = params.getOrDefault("Body", "");
        Optional<Keyword> keyword = Keywords.classify(body);
        String word = Keywords.keywordOf(body).orElse(null);
        Consent change = keyword.map(k -> consentChange(k, phone, channel, word, on.number(to))).orElse(null);
        exchange.setProperty(INCOMING, new Incoming(new InboundMessage(sid, channel, from, to, body, word), phone,
                channel, keyword, change));
    }

    /** Records the message once, opening the conversation window, with the consent change a keyword makes. */
    public void apply(Exchange exchange) {
        Incoming in = exchange.getProperty(INCOMING, Incoming.class);
        boolean recorded = inbound.record(in.message(), in.phone(), in.change());
        signatures.count("/twilio/inbound", "ok");
        if (recorded && in.change() != null) {
            LOG.info("Consent {} on {} for {} by keyword {}", in.change().state(), in.channel(), mask(in.phone()),
                    in.change().keyword().toUpperCase(Locale.ROOT));
        }
    }

    /** HELP is answered with the help text; anything else with an empty TwiML response. */
    public void reply(Exchange exchange) {
        Incoming in = exchange.getProperty(INCOMING, Incoming.class);
        TwimlReply.xml(exchange, in.keyword().filter(k -> k == Keyword.HELP).isPresent() ? help() : empty());
    }

    private static Consent consentChange(Keyword keyword, String phone, String channel, String word, String sender) {
        return switch (keyword) {
            case OPT_OUT -> new Consent(phone, channel, Consent.OPTED_OUT, "keyword", "replied " + word, word, sender, null);
            case OPT_IN -> new Consent(phone, channel, Consent.OPTED_IN, "keyword", "replied " + word, word, sender, null);
            case HELP -> null;
        };
    }

    private String help() {
        return new MessagingResponse.Builder()
                .message(new Message.Builder().body(new Body.Builder(helpText).build()).build())
                .build().toXml();
    }

    /** Twilio's own keyword handling answers STOP and START where it is on; we add nothing. */
    private static String empty() {
        return new MessagingResponse.Builder().build().toXml();
    }

    private static String mask(String phone) {
        return phone.length() <= 8 ? "•••" : phone.substring(0, 5) + "•••" + phone.substring(phone.length() - 4);
    }
}
