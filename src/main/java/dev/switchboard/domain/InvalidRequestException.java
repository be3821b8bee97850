package dev.switchboard.domain;

import java.util.Objects;

/** A request that Switchboard refuses, carrying the stable error code, the field at fault and the HTTP status to answer with. */
public final class InvalidRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;
    private final String field;
    private final int httpStatus;
    private final Long retryAfterSeconds;

    /**
     * @param code       stable snake_case code users' systems may switch on
     * @param field      the request field at fault, or {@code null} when the whole request is
     * @param httpStatus 400 (malformed) or 422 (well-formed but unacceptable)
     * @param message    explanation for people
     */
    public InvalidRequestException(String code, String field, int httpStatus, String message) {
        this(code, field, httpStatus, message, null);
    }

    private InvalidRequestException(String code, String field, int httpStatus, String message, Long retryAfterSeconds) {
        super(Objects.requireNonNull(message, "message"));
        if (httpStatus != 400 && httpStatus != 422 && httpStatus != 429) {
            throw new IllegalArgumentException("httpStatus must be 400, 422 or 429: got " + httpStatus);
        }
        this.code = Objects.requireNonNull(code, "code");
        this.field = field;
        this.httpStatus = httpStatus;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** A request over one of the account's limits (429): it may pass after {@code retryAfterSeconds}. */
    public static InvalidRequestException overLimit(String code, String field, String message, long retryAfterSeconds) {
        return new InvalidRequestException(code, field, 429, message, retryAfterSeconds);
    }

    /** Malformed input: wrong JSON shape, wrong type, missing field. */
    public static InvalidRequestException badRequest(String code, String field, String message) {
        return new InvalidRequestException(code, field, 400, message);
    }

    /** Well-formed input whose value is unacceptable: a number that cannot exist, a date in the past. */
    public static InvalidRequestException unprocessable(String code, String field, String message) {
        return new InvalidRequestException(code, field, 422, message);
    }

    public String code() {
        return code;
    }

    /** The field at fault, or {@code null}. */
    public String field() {
        return field;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** Seconds for the Retry-After header of a 429, or {@code null}. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
