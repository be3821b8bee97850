package dev.switchboard.submit;

/** The idempotency key is already taken by a different request. */
public final class IdempotencyConflict extends RuntimeException {

    private final String existingId;

    public IdempotencyConflict(String key, String existingId) {
        super("Idempotency-Key '" + key + "' was already used for a different request (message " + existingId + ")");
        this.existingId = existingId;
    }

    public String existingId() {
        return existingId;
    }
}
