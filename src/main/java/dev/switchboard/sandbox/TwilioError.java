package dev.switchboard.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

/** A Twilio REST error: the HTTP status plus the {@code code, message, more_info, status} body Twilio sends. */
record TwilioError(int status, int code, String message) {

    static TwilioError authenticate() {
        return new TwilioError(401, 20003, "Authenticate");
    }

    static TwilioError notFound(String path) {
        return new TwilioError(404, 20404, "The requested resource " + path + " was not found");
    }

    static TwilioError internal() {
        return new TwilioError(500, 20500, "Internal Server Error");
    }

    static TwilioError badRequest(int code, String message) {
        return new TwilioError(400, code, message);
    }

    /** The error {@link TwilioSandbox#failNext} injects; 429 is the only one Twilio pairs with Retry-After. */
    static TwilioError injected(int httpStatus) {
        return switch (httpStatus) {
            case 429 -> new TwilioError(429, 20429, "Too Many Requests");
            case 503 -> new TwilioError(503, 20500, "Service Unavailable");
            case 401 -> authenticate();
            default -> httpStatus >= 500
                    ? new TwilioError(httpStatus, 20500, "Internal Server Error")
                    : new TwilioError(httpStatus, 20000 + httpStatus, "Injected failure " + httpStatus);
        };
    }

    String moreInfo() {
        return "https://www.twilio.com/docs/errors/" + code;
    }

    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        body.put("more_info", moreInfo());
        body.put("status", status);
        return body;
    }
}
