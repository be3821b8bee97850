package dev.switchboard.voice;

import com.twilio.http.HttpMethod;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Redirect;
import com.twilio.type.PhoneNumber;
import com.twilio.type.Twiml;
import dev.switchboard.domain.Vars;
import dev.switchboard.domain.VoiceCall;
import dev.switchboard.store.Claim;
import dev.switchboard.store.OutboxStore;
import dev.switchboard.store.StoredMessage;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.List;

/**
 * camel-twilio's {@code call/creator} arguments for one claimed call, as headers: the TwiML to run
 * (a {@code com.twilio.type.Twiml} built with the SDK's {@code VoiceResponse}, or the caller's URL) and a
 * status callback for every call progress event.
 */
public final class CallSender {

    private static final Logger LOG = LoggerFactory.getLogger(CallSender.class);
    private static final String H = "CamelTwilio.";
    /** Twilio sends "completed" only unless asked for more; "answered" arrives as CallStatus=in-progress. */
    static final List<String> EVENTS = List.of("initiated", "ringing", "answered", "completed");

    private final String callerNumber;
    private final OutboxStore outbox;
    private final IvrUrls urls;

    /** {@code callerNumber} is the default caller ID (TWILIO_PHONE_NUMBER); null when none is configured. */
    public CallSender(String callerNumber, OutboxStore outbox, IvrUrls urls) {
        this.callerNumber = callerNumber;
        this.outbox = outbox;
        this.urls = urls;
    }

    /** The {@code send-call} route's request step: false when the claim was settled here (no number to call from). */
    public boolean prepare(Exchange exchange) {
        Claim claim = exchange.getProperty(Vars.CLAIM, Claim.class);
        StoredMessage m = claim.message();
        String from = m.from() != null && m.from().startsWith("+") ? m.from() : callerNumber;
        if (from == null) {
            outbox.markFailed(claim, null, "no number to call from: set 'from' or TWILIO_PHONE_NUMBER");
            exchange.setProperty(Vars.SETTLED, true);
            LOG.warn("Call {} failed: no caller number configured", m.id());
            return false;
        }
        VoiceCall call = VoiceCallJson.read(m.voiceJson());
        Message msg = exchange.getMessage();
        msg.removeHeaders("*");
        msg.setHeader(H + "to", new PhoneNumber(m.to()));
        msg.setHeader(H + "from", new PhoneNumber(from));
        if (call.twimlUrl() != null) {
            msg.setHeader(H + "url", URI.create(call.twimlUrl()));
        } else {
            msg.setHeader(H + "twiml", new Twiml(twiml(call)));
        }
        msg.setHeader(H + "statusCallback", urls.status());
        msg.setHeader(H + "statusCallbackMethod", HttpMethod.POST);
        msg.setHeader(H + "statusCallbackEvent", EVENTS);
        msg.setBody(null);
        return true;
    }

    /** The call's TwiML: the text read out, or a redirect into the IVR menu. */
    String twiml(VoiceCall call) {
        VoiceResponse.Builder response = new VoiceResponse.Builder();
        if (call.ivr() != null) {
            response.redirect(new Redirect.Builder(urls.menu(call.ivr(), 0)).method(HttpMethod.POST).build());
        } else {
            response.say(IvrTwiml.say(call.say(), call.voice(), call.language()));
        }
        return response.build().toXml();
    }

}
