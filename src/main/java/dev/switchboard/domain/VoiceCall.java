package dev.switchboard.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * What a voice request asks for: exactly one of {@code say} (text read to the person), {@code ivr} (a
 * menu name) or {@code twimlUrl}; and, optionally, how often a busy or unanswered call is tried again.
 *
 * @param retryAttempts further calls after a busy or no-answer outcome (0: none)
 * @param retryAfter    the wait before each further call; {@code null} when {@code retryAttempts} is 0
 */
public record VoiceCall(String say, String voice, String language, String ivr, String twimlUrl, int retryAttempts,
                        Duration retryAfter) {

    public VoiceCall {
        int kinds = (say != null ? 1 : 0) + (ivr != null ? 1 : 0) + (twimlUrl != null ? 1 : 0);
        if (kinds != 1) {
            throw new IllegalArgumentException("a call needs exactly one of say, ivr, twimlUrl");
        }
        if (retryAttempts < 0 || (retryAttempts > 0 && retryAfter == null)) {
            throw new IllegalArgumentException("retry needs attempts >= 0 and a delay");
        }
        if (retryAttempts == 0) {
            retryAfter = null;
        }
    }

    /** A call reading {@code text} with Twilio's default voice and language. */
    public static VoiceCall saying(String text) {
        return new VoiceCall(Objects.requireNonNull(text, "text"), null, null, null, null, 0, null);
    }
}
