package dev.switchboard.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Twilio's webhook signature: Base64(HMAC-SHA1(authToken, url + each form parameter sorted by name as name + value)). */
public final class TwilioSignature {

    private static final String HMAC_SHA1 = "HmacSHA1";

    private TwilioSignature() {
    }

    /** Signs {@code url} exactly as given: Twilio signs the URL it called, query string included. */
    public static String sign(String authToken, String url, Map<String, String> params) {
        StringBuilder data = new StringBuilder(url);
        if (params != null) {
            new TreeMap<>(params).forEach((name, value) -> data.append(name).append(value == null ? "" : value));
        }
        try {
            Mac mac = Mac.getInstance(HMAC_SHA1);
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), HMAC_SHA1));
            byte[] digest = mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is required of every JDK", e);
        }
    }
}
