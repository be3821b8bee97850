package dev.switchboard.voice;

import com.twilio.http.HttpMethod;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Dial;
import com.twilio.twiml.voice.Gather;
import com.twilio.twiml.voice.Hangup;
import com.twilio.twiml.voice.Play;
import com.twilio.twiml.voice.Record;
import com.twilio.twiml.voice.Redirect;
import com.twilio.twiml.voice.Say;

import java.util.ArrayList;
import java.util.List;

/**
 * The TwiML of the IVR, built only with the Twilio SDK's {@code VoiceResponse} builders (they escape text
 * and attributes): a menu's prompt inside a Gather, what a choice does, and polite answers to the unexpected.
 */
public final class IvrTwiml {

    static final String NOT_A_CHOICE = "Sorry, that is not one of the choices.";
    static final String NO_SUCH_MENU = "Sorry, that menu is not available.";
    static final String GOODBYE = "Thank you for calling. Goodbye.";
    static final String AFTER_RECORDING = "Thank you, your message has been recorded. Goodbye.";
    static final String TROUBLE = "Sorry, we are having trouble. Please call again later. Goodbye.";

    private final IvrUrls urls;

    public IvrTwiml(IvrUrls urls) {
        this.urls = urls;
    }

    /** Say with a voice and language given as Twilio names (Polly.Joanna, en-US); null leaves Twilio's default. */
    static Say say(String text, String voice, String language) {
        Say.Builder say = new Say.Builder(text);
        if (voice != null) {
            say.option("voice", voice);
        }
        if (language != null) {
            say.option("language", language);
        }
        return say.build();
    }

    /** The prompt inside a Gather; no input continues after it: ask again, or the fallback once repeats are used up. */
    public String menu(IvrMenu menu, int attempt) {
        Gather.Builder gather = new Gather.Builder()
                .action(urls.choice(menu.name(), attempt))
                .method(HttpMethod.POST)
                .timeout(menu.gather().timeoutSeconds());
        List<Gather.Input> inputs = new ArrayList<>();
        if (menu.gather().digits()) {
            inputs.add(Gather.Input.DTMF);
        }
        if (menu.gather().speech()) {
            inputs.add(Gather.Input.SPEECH);
            List<String> words = menu.options().stream().map(IvrMenu.Option::word).filter(w -> w != null).toList();
            if (!words.isEmpty()) {
                gather.hints(String.join(", ", words));
            }
        }
        gather.inputs(inputs);
        if (menu.gather().numDigits() != null) {
            gather.numDigits(menu.gather().numDigits());
        }
        IvrMenu.Prompt p = menu.prompt();
        if (p.say() != null) {
            gather.say(say(p.say(), p.voice(), p.language()));
        }
        if (p.play() != null) {
            gather.play(new Play.Builder(p.play()).build());
        }
        VoiceResponse.Builder response = new VoiceResponse.Builder().gather(gather.build());
        nextAfterNothing(response, menu, attempt);
        return response.build().toXml();
    }

    /** What the chosen option does. */
    public String choice(IvrMenu menu, IvrMenu.Option option) {
        VoiceResponse.Builder response = new VoiceResponse.Builder();
        act(response, menu, option.action());
        return response.build().toXml();
    }

    /** A digit or word that is no option: say so, and ask again (or fall back once repeats are used up). */
    public String notAChoice(IvrMenu menu, int attempt) {
        VoiceResponse.Builder response = new VoiceResponse.Builder().say(say(NOT_A_CHOICE, menu.prompt().voice(),
                menu.prompt().language()));
        nextAfterNothing(response, menu, attempt);
        return response.build().toXml();
    }

    /** A menu that does not exist: say so, and go to the default menu (or end politely when that is missing too). */
    public String noSuchMenu(String defaultMenu, boolean defaultExists) {
        VoiceResponse.Builder response = new VoiceResponse.Builder().say(say(NO_SUCH_MENU, null, null));
        if (defaultExists) {
            response.redirect(redirect(defaultMenu, 0));
        } else {
            response.say(say(GOODBYE, null, null)).hangup(new Hangup.Builder().build());
        }
        return response.build().toXml();
    }

    /** The answer after a voicemail (Record's action) and to the recording callbacks. */
    public String afterRecording() {
        return new VoiceResponse.Builder().say(say(AFTER_RECORDING, null, null)).hangup(new Hangup.Builder().build())
                .build().toXml();
    }

    /** When something broke: never a 500 to a caller on the line. */
    public String trouble() {
        return new VoiceResponse.Builder().say(say(TROUBLE, null, null)).hangup(new Hangup.Builder().build())
                .build().toXml();
    }

    private void nextAfterNothing(VoiceResponse.Builder response, IvrMenu menu, int attempt) {
        if (attempt < menu.repeat()) {
            response.redirect(redirect(menu.name(), attempt + 1));
        } else if (menu.fallback() != null) {
            act(response, menu, menu.fallback());
        } else {
            response.say(say(GOODBYE, menu.prompt().voice(), menu.prompt().language()))
                    .hangup(new Hangup.Builder().build());
        }
    }

    private void act(VoiceResponse.Builder response, IvrMenu menu, IvrMenu.Action a) {
        prompt(response, a.prompt(), menu);
        if (a.dial() != null) {
            Dial.Builder dial = new Dial.Builder(a.dial().number());
            if (a.dial().callerId() != null) {
                dial.callerId(a.dial().callerId());
            }
            if (a.dial().timeoutSeconds() != null) {
                dial.timeout(a.dial().timeoutSeconds());
            }
            response.dial(dial.build());
        } else if (a.gotoMenu() != null) {
            response.redirect(redirect(a.gotoMenu(), 0));
        } else if (a.record() != null) {
            prompt(response, a.record().prompt(), menu);
            Record.Builder record = new Record.Builder()
                    .action(urls.recording())
                    .method(HttpMethod.POST)
                    .maxLength(a.record().maxLengthSeconds())
                    .playBeep(true)
                    .recordingStatusCallback(urls.recording())
                    .recordingStatusCallbackMethod(HttpMethod.POST);
            if (a.record().transcribe()) {
                record.transcribe(true).transcribeCallback(urls.recording());
            }
            response.record(record.build());
        } else if (a.hangup()) {
            response.hangup(new Hangup.Builder().build());
        } else {
            response.redirect(redirect(menu.name(), 0));
        }
    }

    private static void prompt(VoiceResponse.Builder response, IvrMenu.Prompt p, IvrMenu menu) {
        if (p == null) {
            return;
        }
        if (p.say() != null) {
            response.say(say(p.say(), p.voice() != null ? p.voice() : menu.prompt().voice(),
                    p.language() != null ? p.language() : menu.prompt().language()));
        }
        if (p.play() != null) {
            response.play(new Play.Builder(p.play()).build());
        }
    }

    private Redirect redirect(String menu, int attempt) {
        return new Redirect.Builder(urls.menu(menu, attempt)).method(HttpMethod.POST).build();
    }
}
