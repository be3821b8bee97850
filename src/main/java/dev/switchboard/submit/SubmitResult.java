package dev.switchboard.submit;

/** What the front door tells the source: the message id, its status, and how Twilio will bill it. */
public record SubmitResult(String id, String status, int segments, String encoding, boolean replayed) {
}
