package dev.switchboard.twilio;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;

import org.apache.http.conn.ConnectTimeoutException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

/**
 * What a failed Twilio call means for the message: never sent (breaker open), sent too fast (429: the
 * sender slows down, no attempt is counted), worth another try later (5xx, time-out, connection), or
 * final (any other 4xx, with Twilio's error code). {@code reach} says whether Twilio can have created the
 * message: {@link Reach#UNKNOWN} (5xx, read time-out, connection lost after the request was written) must be
 * reconciled before a resend (docs/retries.md).
 */
public record TwilioFailure(Kind kind, Integer httpStatus, Integer errorCode, String message, Reach reach) {

    public enum Kind { BREAKER_OPEN, SLOW_DOWN, TRANSIENT, PERMANENT }

    /** Whether the request reached Twilio: it answered (and created nothing), never reached it, or unknown. */
    public enum Reach { ANSWERED, NOT_REACHED, UNKNOWN }

    /** Twilio's error code for "too many requests". */
    static final int TOO_MANY_REQUESTS = 20429;

    public TwilioFailure(Kind kind, Integer httpStatus, Integer errorCode, String message) {
        this(kind, httpStatus, errorCode, message, Reach.ANSWERED);
    }

    /** Twilio may have created the message: it must be looked up before any resend. */
    public boolean ambiguous() {
        return reach == Reach.UNKNOWN;
    }

    /** The request never left for Twilio (refused, unknown host, connect time-out): safe to send again. */
    public boolean notReached() {
        return reach == Reach.NOT_REACHED;
    }

    public static TwilioFailure classify(Throwable failure) {
        // The SDK reports an I/O failure as an ApiException without status whose cause is the IOException.
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CallNotPermittedException) {
                return new TwilioFailure(Kind.BREAKER_OPEN, null, null, "circuit breaker open", Reach.NOT_REACHED);
            }
            if (neverSent(t)) {
                return new TwilioFailure(Kind.TRANSIENT, null, null, "Twilio not reached: " + t, Reach.NOT_REACHED);
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ApiException api && api.getStatusCode() != null) {
                return fromApi(api);
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ApiConnectionException || t instanceof IOException || t instanceof TimeoutException) {
                return new TwilioFailure(Kind.TRANSIENT, null, null, "no answer from Twilio: " + t.getMessage(),
                        Reach.UNKNOWN);
            }
            if (t instanceof ApiException api) {
                return fromApi(api);
            }
        }
        // Unknown failures: transient, and ambiguous (we cannot tell whether the request left), bounded by max attempts.
        return new TwilioFailure(Kind.TRANSIENT, null, null, String.valueOf(failure), Reach.UNKNOWN);
    }

    private static TwilioFailure fromApi(ApiException api) {
        Integer status = api.getStatusCode();
        Integer code = api.getCode();
        if ((status != null && status == 429) || (code != null && code == TOO_MANY_REQUESTS)) {
            return new TwilioFailure(Kind.SLOW_DOWN, status, code, api.getMessage()); // refused: nothing created
        }
        if (status == null || status >= 500) {
            // Twilio may have created the message before failing to answer.
            return new TwilioFailure(Kind.TRANSIENT, status, code, api.getMessage(), Reach.UNKNOWN);
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

    /**
     * The connection was never made (refused, unknown host, connect or pool time-out): the request
     * cannot have reached Twilio. A read time-out or a reset after writing is not in this list.
     */
    private static boolean neverSent(Throwable t) {
        return t instanceof ConnectException || t instanceof UnknownHostException
                || t instanceof NoRouteToHostException || t instanceof ConnectTimeoutException;
    }

    /**
     * The breaker's view: only failures that say Twilio is unwell open it, never a bad request, nor a 429
     * (the send schedule slows that one sender down; the others go on).
     */
    public static boolean countsAgainstTwilio(Throwable failure) {
        TwilioFailure f = classify(failure);
        return f.kind() == Kind.TRANSIENT && (f.httpStatus() == null || f.httpStatus() >= 500);
    }
}
