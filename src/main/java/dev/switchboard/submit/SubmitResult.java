package dev.switchboard.submit;

/**
 * What the front door tells the source: the message id, its status (and why, when suppressed), how
 * Twilio will bill it, and whether smart encoding replaced characters.
 */
public record SubmitResult(String id, String status, String reason, int segments, String encoding,
                           boolean smartEncoded, boolean replayed) {
}
