package dev.switchboard.submit;

/** The idempotency key is already taken by a different request. */
public final class IdempotencyConflict extends RuntimeException {

    /** The stable error code for it, as the API answers it. */
    public static final String CODE = "idempotency_key_reused";

    private final String existingId;

    public IdempotencyConflict(String key, String existingId) {
        super("idempotency key '" + key + "' was already used for a different request (message " + existingId + ")");
        this.existingId = existingId;
    }

    public String existingId() {
        return existingId;
    }
}
