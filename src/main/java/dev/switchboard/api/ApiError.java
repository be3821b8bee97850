package dev.switchboard.api;

/** An error the API answers with its own status and stable code (401, 404, 409, 413, …). */
public final class ApiError extends RuntimeException {

    private final int status;
    private final String code;
    private final String field;
    private final Long retryAfterSeconds;

    public ApiError(int status, String code, String field, String message) {
        this(status, code, field, message, null);
    }

    private ApiError(int status, String code, String field, String message, Long retryAfterSeconds) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 429 with Retry-After: the API key is over its rate ({@code SWITCHBOARD_API_RATE}). */
    public static ApiError rateLimited(long retryAfterSeconds) {
        return new ApiError(429, "rate_limited", null,
                "too many requests for this API key; retry after " + retryAfterSeconds + " s", retryAfterSeconds);
    }

    /** 429 with Retry-After: a batch of {@code count} messages is over the key's rate in messages. */
    public static ApiError messagesRateLimited(int count, long retryAfterSeconds) {
        return new ApiError(429, "rate_limited", null, "a batch of " + count + " messages is over this API key's rate"
                + " (SWITCHBOARD_API_BATCH_RATE messages per second); nothing was stored, retry after "
                + retryAfterSeconds + " s", retryAfterSeconds);
    }

    /** 429 for a client address that sent too many wrong or missing keys ({@code FailedKeyGuard}). */
    public static ApiError tooManyFailedKeys(long retryAfterSeconds) {
        return new ApiError(429, "too_many_failed_keys", null, "too many requests with a wrong or missing API key"
                + " from this address; retry after " + retryAfterSeconds + " s", retryAfterSeconds);
    }

    /** Seconds for the Retry-After header, or {@code null}. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
