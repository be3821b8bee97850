package dev.switchboard.dispatch;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import dev.switchboard.domain.TwilioError;
import dev.switchboard.domain.TwilioErrorCodes;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * What a failed Twilio call means for the message: never sent (breaker open), worth another try
 * later (5xx, 429, time-out, connection), or final (any other 4xx, with Twilio's error code).
 */
public record TwilioFailure(Kind kind, Integer httpStatus, Integer errorCode, String message) {

    public enum Kind { BREAKER_OPEN, TRANSIENT, PERMANENT }

    /** Twilio's error code for "too many requests". */
    static final int TOO_MANY_REQUESTS = 20429;

    public static TwilioFailure classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CallNotPermittedException) {
                return new TwilioFailure(Kind.BREAKER_OPEN, null, null, "circuit breaker open");
            }
            if (t instanceof ApiException api) {
                return fromApi(api);
            }
            if (t instanceof ApiConnectionException || t instanceof IOException || t instanceof TimeoutException) {
                return new TwilioFailure(Kind.TRANSIENT, null, null, "no answer from Twilio: " + t.getMessage());
            }
        }
        // Unknown failures are treated as transient: the message stays in the outbox, bounded by max attempts.
        return new TwilioFailure(Kind.TRANSIENT, null, null, String.valueOf(failure));
    }

    private static TwilioFailure fromApi(ApiException api) {
        Integer status = api.getStatusCode();
        Integer code = api.getCode();
        if (status == null || status >= 500 || status == 429 || (code != null && code == TOO_MANY_REQUESTS)) {
            return new TwilioFailure(Kind.TRANSIENT, status, code, api.getMessage());
        }
        if (code != null && TwilioErrorCodes.known(code).map(TwilioError::isTransient).orElse(false)) {
            // e.g. 21611 (the sender's queue is full) or 20003 (credentials): nothing was created, try later.
            return new TwilioFailure(Kind.TRANSIENT, status, code, api.getMessage());
        }
        if (status == 401 || status == 403) {
            // Bad credentials are an operator's problem, not the message's: keep it and retry.
            return new TwilioFailure(Kind.TRANSIENT, status, code, "Twilio refused our credentials: " + api.getMessage());
        }
        return new TwilioFailure(Kind.PERMANENT, status, code, api.getMessage());
    }

    /** The breaker's view: only failures that say Twilio is unwell open it, never a bad request. */
    public static boolean countsAgainstTwilio(Throwable failure) {
        TwilioFailure f = classify(failure);
        return f.kind() == Kind.TRANSIENT && (f.httpStatus() == null || f.httpStatus() >= 500 || f.httpStatus() == 429);
    }
}
