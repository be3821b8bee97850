package dev.switchboard.voice;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One IVR menu as configured in {@code ivr/*.yaml}: a prompt, how input is gathered, the options a digit
 * or a spoken word selects, and what happens when the caller says nothing.
 *
 * @param source where it was defined ({@code ivr/main.yaml line 3}), for error messages
 */
public record IvrMenu(String name, String source, Prompt prompt, Gather gather, List<Option> options, int repeat,
                      Action fallback) {

    /** What is read or played: Say text (with optional voice and language) or a Play URL. */
    public record Prompt(String say, String voice, String language, String play) {
    }

    /** Twilio Gather settings: {@code input} is dtmf, speech or "dtmf speech". */
    public record Gather(boolean digits, boolean speech, Integer numDigits, int timeoutSeconds) {
    }

    /** A choice: a digit and/or a spoken word, and its action. */
    public record Option(String digit, String word, Action action, String source) {
    }

    /**
     * What a choice does: optional Say/Play first, then at most one of dial, go to another menu, record a
     * voicemail or hang up. With none of these the caller returns to the menu.
     */
    public record Action(Prompt prompt, Dial dial, String gotoMenu, Record record, boolean hangup) {
    }

    public record Dial(String number, String callerId, Integer timeoutSeconds) {
    }

    public record Record(Prompt prompt, int maxLengthSeconds, boolean transcribe) {
    }

    public Optional<Option> byDigits(String digits) {
        return options.stream().filter(o -> o.digit() != null && o.digit().equals(digits)).findFirst();
    }

    /** The option whose word the caller said (as a whole word, ignoring case and punctuation). */
    public Optional<Option> bySpeech(String speech) {
        String said = " " + speech.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").trim() + " ";
        return options.stream()
                .filter(o -> o.word() != null && said.contains(" " + o.word().toLowerCase(Locale.ROOT) + " "))
                .findFirst();
    }
}
