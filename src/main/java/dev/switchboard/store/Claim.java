package dev.switchboard.store;

/**
 * A message a dispatcher holds under lease; {@code owner} + {@code attempt} identify this claim and no
 * later one. Failures and retries settle only under their own claim; a SID Twilio returned is always
 * recorded (if none is yet), because it is the truth about what was sent.
 */
public record Claim(StoredMessage message, String owner, int attempt) {
}
