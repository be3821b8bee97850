package dev.switchboard.callback;

import com.twilio.security.RequestValidator;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;

/**
 * Checks {@code X-Twilio-Signature} against the PUBLIC URL Twilio called (not the one this server
 * sees behind a proxy), with the port variants Twilio's own validators accept.
 */
public final class SignatureCheck {

    private static final Logger LOG = LoggerFactory.getLogger(SignatureCheck.class);

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

    /**
     * The form parameters of a Twilio webhook when its signature is valid; otherwise answers 403 (the
     * caller changes nothing) and returns empty. Every {@code /twilio/**} endpoint goes through here.
     */
    public Optional<Map<String, String>> verifiedParams(Exchange exchange, String defaultPath) {
        var in = exchange.getMessage();
        Map<String, String> params = FormParams.of(in.getBody());
        String path = in.getHeader(Exchange.HTTP_PATH, defaultPath, String.class);
        if (valid(path, in.getHeader(Exchange.HTTP_RAW_QUERY, String.class), params,
                in.getHeader("X-Twilio-Signature", String.class))) {
            return Optional.of(params);
        }
        LOG.warn("Rejected a webhook to {} with a missing or wrong X-Twilio-Signature", path);
        TwimlReply.text(exchange, 403, "forbidden: X-Twilio-Signature does not match");
        return Optional.empty();
    }

    public boolean valid(String path, String rawQuery, Map<String, String> params, String signature) {
        if (signature == null || signature.isBlank()) {
            return false;
        }
        return validator.validate(signedUrl(path, rawQuery), params, signature);
    }
}
