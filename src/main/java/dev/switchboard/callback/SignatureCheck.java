package dev.switchboard.callback;

import com.twilio.security.RequestValidator;

import java.util.Map;

/**
 * Checks {@code X-Twilio-Signature} against the PUBLIC URL Twilio called (not the one this server
 * sees behind a proxy), with the port variants Twilio's own validators accept.
 */
public final class SignatureCheck {

    private final RequestValidator validator;
    private final String publicUrl;

    public SignatureCheck(String authToken, String publicUrl) {
        this.validator = new RequestValidator(authToken);
        this.publicUrl = publicUrl.replaceAll("/+$", "");
    }

    /** The URL Twilio signed: public base + path + raw query string. */
    public String signedUrl(String path, String rawQuery) {
        return publicUrl + path + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery);
    }

    public boolean valid(String path, String rawQuery, Map<String, String> params, String signature) {
        if (signature == null || signature.isBlank()) {
            return false;
        }
        return validator.validate(signedUrl(path, rawQuery), params, signature);
    }
}
