package dev.switchboard.api;

/** An error the API answers with its own status and stable code (401, 404, 409, 413, …). */
public final class ApiError extends RuntimeException {

    private final int status;
    private final String code;
    private final String field;

    public ApiError(int status, String code, String field, String message) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
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
