package dev.switchboard.submit;

/**
 * One request's answer in a batch submit: its result (new, or {@code replayed} when its idempotency key
 * already held the same request), or why it was refused ({@code code} as the API would answer, and a message).
 */
public record SubmitOutcome(SubmitResult result, String code, String message) {

    static SubmitOutcome of(SubmitResult result) {
        return new SubmitOutcome(result, null, null);
    }

    static SubmitOutcome refused(String code, String message) {
        return new SubmitOutcome(null, code, message);
    }

    public boolean refused() {
        return result == null;
    }
}
