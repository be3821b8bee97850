package dev.switchboard.voice;

import dev.switchboard.twilio.FormParams;
import dev.switchboard.twilio.SignatureCheck;
import dev.switchboard.twilio.TwimlReply;
import dev.switchboard.store.CallStore;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;

/**
 * The IVR's signed webhooks: an incoming call, a menu, a caller's choice and recordings. A caller on the
 * line always gets TwiML: an unknown menu or choice is answered politely with a way back, never a 500.
 */
public final class IvrWebhooks {

    private static final Logger LOG = LoggerFactory.getLogger(IvrWebhooks.class);

    private final SignatureCheck signatures;
    private final IvrMenus menus;
    private final IvrTwiml twiml;
    private final CallStore calls;
    private final String defaultMenu;

    public IvrWebhooks(SignatureCheck signatures, IvrMenus menus, IvrTwiml twiml, CallStore calls, String defaultMenu) {
        this.signatures = signatures;
        this.menus = menus;
        this.twiml = twiml;
        this.calls = calls;
        this.defaultMenu = defaultMenu;
    }

    /** {@code POST /twilio/voice/incoming}: a call to the Twilio number gets the default menu. */
    public void incoming(Exchange exchange) {
        answer(exchange, "/twilio/voice/incoming", params -> {
            LOG.info("Incoming call {} to the IVR", params.getOrDefault("CallSid", "?"));
            return menuTwiml(defaultMenu, 0);
        });
    }

    /** {@code POST /twilio/voice/menu/{name}}: the menu's prompt and Gather. */
    public void menu(Exchange exchange) {
        String name = exchange.getMessage().getHeader("name", String.class);
        int attempt = attempt(exchange);
        answer(exchange, "/twilio/voice/menu/" + name, params -> menuTwiml(name, attempt));
    }

    /** {@code POST /twilio/voice/menu/{name}/choice}: Digits or SpeechResult from the menu's Gather. */
    public void choice(Exchange exchange) {
        String name = exchange.getMessage().getHeader("name", String.class);
        int attempt = attempt(exchange);
        answer(exchange, "/twilio/voice/menu/" + name + "/choice", params -> {
            Optional<IvrMenu> menu = menus.menu(name);
            if (menu.isEmpty()) {
                return twiml.noSuchMenu(defaultMenu, menus.menu(defaultMenu).isPresent());
            }
            String digits = params.get("Digits");
            String speech = params.get("SpeechResult");
            Optional<IvrMenu.Option> option = digits != null && !digits.isBlank() ? menu.get().byDigits(digits.trim())
                    : speech != null && !speech.isBlank() ? menu.get().bySpeech(speech) : Optional.empty();
            if (option.isEmpty()) {
                LOG.info("Call {} in menu {}: no option for {}", params.getOrDefault("CallSid", "?"), name,
                        digits != null ? "digits " + digits : "speech");
                return twiml.notAChoice(menu.get(), attempt);
            }
            return twiml.choice(menu.get(), option.get());
        });
    }

    /**
     * {@code POST /twilio/voice/recording}: Record's action and its recording and transcription callbacks;
     * each adds what it knows to the recording kept with the call.
     */
    public void recording(Exchange exchange) {
        answer(exchange, "/twilio/voice/recording", params -> {
            String recordingSid = params.get("RecordingSid");
            String callSid = params.get("CallSid");
            if (recordingSid != null && !recordingSid.isBlank() && callSid != null && !callSid.isBlank()) {
                calls.saveRecording(new CallStore.Recording(recordingSid, callSid, null, params.get("RecordingUrl"),
                        FormParams.integer(params.get("RecordingDuration")), params.get("RecordingStatus"),
                        params.get("TranscriptionText"), params.get("TranscriptionStatus")));
                LOG.info("Recording {} of call {} stored", recordingSid, callSid);
            }
            return twiml.afterRecording();
        });
    }

    private String menuTwiml(String name, int attempt) {
        return menus.menu(name).map(m -> twiml.menu(m, attempt))
                .orElseGet(() -> twiml.noSuchMenu(defaultMenu, !name.equals(defaultMenu)
                        && menus.menu(defaultMenu).isPresent()));
    }

    private interface Answer {
        String twiml(Map<String, String> params);
    }

    private void answer(Exchange exchange, String path, Answer answer) {
        // A Twilio retry of a menu gets the menu again (an empty Response would hang up on the caller).
        Optional<Map<String, String>> params = signatures.verifiedRepeatableParams(exchange, path);
        if (params.isEmpty()) {
            return;
        }
        signatures.count(path, "ok");
        String xml;
        try {
            xml = answer.twiml(params.get());
        } catch (RuntimeException e) {
            LOG.error("IVR webhook {} failed; the caller hears an apology", path, e);
            xml = twiml.trouble();
        }
        TwimlReply.xml(exchange, xml);
    }

    private static int attempt(Exchange exchange) {
        Integer n = FormParams.integer(exchange.getMessage().getHeader("attempt", String.class));
        return n == null || n < 0 ? 0 : Math.min(n, 100);
    }
}
