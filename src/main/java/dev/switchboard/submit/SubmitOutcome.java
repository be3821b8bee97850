package dev.switchboard.submit;

/**
 * One request's answer in a batch submit: its result (new, or {@code replayed} when its idempotency key
 * already held the same request), or why it was refused ({@code code} as the API would answer, the field at fault
 * when there is one, and a message).
 */
public record SubmitOutcome(SubmitResult result, String code, String field, String message) {

    static SubmitOutcome of(SubmitResult result) {
        return new SubmitOutcome(result, null, null, null);
    }

    public static SubmitOutcome refused(String code, String field, String message) {
        return new SubmitOutcome(null, code, field, message);
    }

    public boolean refused() {
        return result == null;
    }
}
