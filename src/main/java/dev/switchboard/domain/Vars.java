package dev.switchboard.domain;

/** Names of the exchange properties that carry Switchboard's internal state between route steps. */
public final class Vars {

    /** The claim (store.Claim) a dispatch exchange is working on. */
    public static final String CLAIM = "switchboard.claim";

    /** The consent lookup's verdict (consent.Verdict) on a dispatch exchange's claim. */
    public static final String VERDICT = "switchboard.verdict";

    /** The channel a dispatch exchange sends on (sms when a WhatsApp message falls back). */
    public static final String SEND_CHANNEL = "switchboard.sendChannel";

    /** Set once the claim has been settled, so a fallback and the step after the breaker never settle twice. */
    public static final String SETTLED = "switchboard.settled";

    /** {@code System.nanoTime()} when the dispatcher claimed the batch this exchange's message came in. */
    public static final String CLAIMED_AT = "switchboard.claimedAt";

    /** {@code System.nanoTime()} just before the Twilio create request (absent when the breaker short-circuited). */
    public static final String TWILIO_STARTED = "switchboard.twilioStarted";

    private Vars() {
    }
}
