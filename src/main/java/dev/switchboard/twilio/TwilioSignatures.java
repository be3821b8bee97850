package dev.switchboard.twilio;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Twilio's webhook signature, checked the way Twilio's own validators check it: HMAC-SHA1 over the URL plus the
 * sorted form parameters, for the URL as given, without its port and with the scheme's default port; with any of
 * the configured auth tokens (the current one and, during a rotation, the secondary); compared in constant time.
 * A JSON body is signed through its {@code bodySHA256} query parameter instead of form parameters.
 */
public final class TwilioSignatures {

    private static final String HMAC_SHA1 = "HmacSHA1";
    private static final Pattern URL = Pattern.compile("^(https?)://([^/?#@]*@)?(\\[[^\\]]*\\]|[^/?#:]+)(:\\d+)?(.*)$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern BODY_SHA256 = Pattern.compile("(?:^|&)bodySHA256=([^&]*)");

    private final List<SecretKeySpec> keys;

    /** @param authTokens the tokens that may have signed a request; blank ones are ignored, one is required */
    public TwilioSignatures(List<String> authTokens) {
        List<SecretKeySpec> k = new ArrayList<>();
        for (String token : authTokens) {
            if (token != null && !token.isBlank()) {
                k.add(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), HMAC_SHA1));
            }
        }
        if (k.isEmpty()) {
            throw new IllegalArgumentException("at least one Twilio auth token is required");
        }
        this.keys = List.copyOf(k);
    }

    /** True when {@code signature} signs {@code url} (fragment excluded) with these form parameters. */
    public boolean validForm(String url, Map<String, String> params, String signature) {
        if (signature == null || signature.isBlank()) {
            return false;
        }
        byte[] presented = signature.strip().getBytes(StandardCharsets.US_ASCII);
        String sortedParams = sorted(params);
        boolean match = false;
        for (String variant : variants(withoutFragment(url))) {
            for (SecretKeySpec key : keys) {
                // Every combination is computed: the time taken says nothing about which one matched.
                match |= MessageDigest.isEqual(presented, hmac(key, variant + sortedParams));
            }
        }
        return match;
    }

    /**
     * True when the URL's {@code bodySHA256} parameter is the SHA-256 of {@code body} and {@code signature}
     * signs the URL alone (Twilio signs JSON webhooks so).
     */
    public boolean validJson(String url, byte[] body, String signature) {
        String query = query(withoutFragment(url));
        Matcher m = BODY_SHA256.matcher(query == null ? "" : query);
        if (!m.find()) {
            return false;
        }
        byte[] expected = HexFormat.of().formatHex(sha256(body == null ? new byte[0] : body)).getBytes(StandardCharsets.US_ASCII);
        byte[] claimed = m.group(1).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        boolean bodyMatches = MessageDigest.isEqual(expected, claimed);
        return validForm(url, Map.of(), signature) & bodyMatches;
    }

    /** The query string of a URL (without its fragment), or {@code null}. */
    public static String query(String url) {
        int q = url.indexOf('?');
        return q < 0 ? null : url.substring(q + 1);
    }

    /** Fragments ({@code #rc=…&rt=…} connection overrides) never reach the server and are not signed. */
    public static String withoutFragment(String url) {
        int hash = url.indexOf('#');
        return hash < 0 ? url : url.substring(0, hash);
    }

    /** The URL as given, without its port, and with the scheme's default port (443, 80) when it has none. */
    static Set<String> variants(String url) {
        Set<String> variants = new LinkedHashSet<>();
        variants.add(url);
        Matcher m = URL.matcher(url);
        if (m.matches()) {
            String scheme = m.group(1);
            String head = scheme + "://" + (m.group(2) == null ? "" : m.group(2)) + m.group(3);
            String port = m.group(4);
            String rest = m.group(5);
            variants.add(head + rest);
            if (port == null) {
                variants.add(head + (scheme.equalsIgnoreCase("https") ? ":443" : ":80") + rest);
            }
        }
        return variants;
    }

    private static String sorted(Map<String, String> params) {
        StringBuilder data = new StringBuilder();
        if (params != null) {
            new TreeMap<>(params).forEach((name, value) -> data.append(name).append(value == null ? "" : value));
        }
        return data.toString();
    }

    private static byte[] hmac(SecretKeySpec key, String data) {
        try {
            Mac mac = Mac.getInstance(HMAC_SHA1);
            mac.init(key);
            byte[] digest = mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encode(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is required of every JDK", e);
        }
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
