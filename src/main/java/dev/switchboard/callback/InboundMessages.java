package dev.switchboard.callback;

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
 * {@code POST /twilio/inbound}: a signed incoming SMS or WhatsApp message. It is recorded once, opens
 * the conversation window, and a keyword (STOP, START, HELP and their synonyms) changes consent.
 */
public final class InboundMessages {

    private static final Logger LOG = LoggerFactory.getLogger(InboundMessages.class);
    private static final String WHATSAPP = "whatsapp:";

    private final SignatureCheck signatures;
    private final InboundStore inbound;
    private final String helpText;

    public InboundMessages(SignatureCheck signatures, InboundStore inbound, String helpText) {
        this.signatures = signatures;
        this.inbound = inbound;
        this.helpText = helpText;
    }

    public void handle(Exchange exchange) {
        Optional<Map<String, String>> verified = signatures.verifiedParams(exchange, "/twilio/inbound");
        if (verified.isEmpty()) {
            return;
        }
        Map<String, String> params = verified.get();
        String sid = params.getOrDefault("MessageSid", params.get("SmsSid"));
        String from = params.get("From");
        String to = params.get("To");
        if (sid == null || from == null || to == null) {
            TwimlReply.text(exchange, 400, "MessageSid, From and To are required");
            return;
        }
        String channel = from.startsWith(WHATSAPP) ? "whatsapp" : "sms";
        String phone = strip(from);
        String body = params.getOrDefault("Body", "");
        Optional<Keyword> keyword = Keywords.classify(body);
        String word = Keywords.keywordOf(body).orElse(null);
        Consent change = keyword.map(k -> consentChange(k, phone, channel, word, strip(to))).orElse(null);
        boolean recorded = inbound.record(new InboundMessage(sid, channel, from, to, body, word), phone, change);
        signatures.count("/twilio/inbound", "ok");
        if (recorded && change != null) {
            LOG.info("Consent {} on {} for {} by keyword {}", change.state(), channel, mask(phone), word.toUpperCase(Locale.ROOT));
        }
        TwimlReply.xml(exchange, keyword.filter(k -> k == Keyword.HELP).isPresent() ? help() : empty());
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

    private static String strip(String address) {
        return address.startsWith(WHATSAPP) ? address.substring(WHATSAPP.length()) : address;
    }

    private static String mask(String phone) {
        return phone.length() <= 8 ? "•••" : phone.substring(0, 5) + "•••" + phone.substring(phone.length() - 4);
    }
}
