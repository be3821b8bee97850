package dev.switchboard.twilio;

import java.util.Objects;

/** One Twilio error code and what it means for the gateway: whether to resend, and what else to do. */
public record TwilioError(int code, String description, Retry retry, Effect effect) {

    /** Whether the same message may be sent again later. */
    public enum Retry {
        /** Resending cannot succeed (or must not happen): mark the message failed. */
        PERMANENT,
        /** The failure is expected to pass: resend with back-off, within the attempt limit. */
        TRANSIENT
    }

    /** What the gateway does beyond the message's own status. */
    public enum Effect {
        NONE,
        /** The recipient opted out: record the withdrawn consent so nothing else is sent to them. */
        OPT_OUT,
        /** Our sender or account is misconfigured: alert once, not once per message. */
        SENDER_BROKEN,
        /** WhatsApp free-form message outside the 24 h window: a template is needed. */
        WHATSAPP_WINDOW,
        /** The number cannot receive messages: flag it rather than keep sending to it. */
        INVALID_RECIPIENT
    }

    public TwilioError {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(effect, "effect");
        if (description.isBlank()) {
            throw new IllegalArgumentException("description of Twilio error " + code + " is blank");
        }
    }

    public boolean isTransient() {
        return retry == Retry.TRANSIENT;
    }
}
