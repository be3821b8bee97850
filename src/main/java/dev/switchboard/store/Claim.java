package dev.switchboard.store;

import java.time.Instant;

/**
 * A message a dispatcher holds under lease; {@code owner} + {@code attempt} identify this claim and no
 * later one. Failures and retries settle only under their own claim; a SID Twilio returned is always
 * recorded (if none is yet), because it is the truth about what was sent. {@code ambiguousSince} (else
 * null): an earlier attempt, claimed at that time, may have created the message at Twilio without us
 * learning it, so it must be reconciled before any resend. {@code sendAt} is the message's place in the
 * send schedule (null: send at once).
 */
public record Claim(StoredMessage message, String owner, int attempt, Instant claimedAt, Instant ambiguousSince,
                    Instant sendAt) {

    public Claim(StoredMessage message, String owner, int attempt) {
        this(message, owner, attempt, null, null, null);
    }

    public Claim(StoredMessage message, String owner, int attempt, Instant claimedAt, Instant ambiguousSince) {
        this(message, owner, attempt, claimedAt, ambiguousSince, null);
    }

    public boolean ambiguous() {
        return ambiguousSince != null;
    }
}
