package dev.switchboard.webhook;

/** A webhook URL Switchboard will not call; {@code code} is the API's error code. */
public final class WebhookUrlException extends RuntimeException {

    private final String code;

    private WebhookUrlException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    static WebhookUrlException invalid(String message) {
        return new WebhookUrlException("invalid_webhook_url", message);
    }

    static WebhookUrlException refused(String message) {
        return new WebhookUrlException("webhook_url_refused", message);
    }

    static WebhookUrlException unresolved(String message) {
        return new WebhookUrlException("webhook_url_unresolved", message);
    }

    public String code() {
        return code;
    }
}
