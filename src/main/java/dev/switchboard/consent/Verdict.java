package dev.switchboard.consent;

import java.time.Instant;

/** Whether a message may go now: send (on which channel), wait until a time, or never (with the reason). */
public record Verdict(Kind kind, String channel, String reason, Instant notBefore) {

    public enum Kind { SEND, DEFER, SUPPRESS }

    public static Verdict send(String channel) {
        return new Verdict(Kind.SEND, channel, null, null);
    }

    public static Verdict defer(String channel, String reason, Instant notBefore) {
        return new Verdict(Kind.DEFER, channel, reason, notBefore);
    }

    public static Verdict suppress(String reason) {
        return new Verdict(Kind.SUPPRESS, null, reason, null);
    }
}
