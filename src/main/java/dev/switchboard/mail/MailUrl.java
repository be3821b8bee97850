package dev.switchboard.mail;

import dev.switchboard.settings.Settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * A mail server URL such as {@code imaps://user:pass@host:993/INBOX} or {@code smtp://user:pass@host:587}, whose
 * {@code toString()} masks the password so it can be logged.
 *
 * @param protocol imap, imaps, smtp or smtps
 * @param user     login, percent-decoded, or {@code null}
 * @param password percent-decoded, or {@code null}
 * @param path     the folder for IMAP ({@code INBOX} when the URL has none); empty for SMTP
 */
public record MailUrl(String protocol, String host, int port, String user, String password, String path) {

    /**
     * Parses the value of {@code key}; the error names the setting but never echoes the value, which holds a password.
     */
    public static MailUrl parse(String key, String value, Set<String> protocols) {
        URI uri;
        try {
            uri = new URI(value.strip());
        } catch (URISyntaxException e) {
            throw invalid(key, protocols, "not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!protocols.contains(scheme)) {
            throw invalid(key, protocols, "unsupported scheme");
        }
        if (uri.getHost() == null) {
            throw invalid(key, protocols, "no host");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String raw = uri.getRawUserInfo();
            int colon = raw.indexOf(':');
            try {
                user = decode(colon < 0 ? raw : raw.substring(0, colon));
                password = colon < 0 ? null : decode(raw.substring(colon + 1));
            } catch (IllegalArgumentException e) { // its message would quote the password
                throw invalid(key, protocols, "bad percent-encoding in the credentials");
            }
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : defaultPort(scheme);
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/+", "");
        if (scheme.startsWith("imap") && path.isEmpty()) {
            path = "INBOX";
        }
        return new MailUrl(scheme, uri.getHost(), port, user, password, path);
    }

    public boolean secure() {
        return protocol.endsWith("s");
    }

    /** The URL with the password replaced by {@code ***}. */
    public String masked() {
        String credentials = user == null ? "" : user + (password == null ? "" : ":***") + "@";
        return protocol + "://" + credentials + host + ":" + port + (path.isEmpty() ? "" : "/" + path);
    }

    /** Masked, so a URL logged by accident does not leak its password. */
    @Override
    public String toString() {
        return masked();
    }

    private static int defaultPort(String scheme) {
        return switch (scheme) {
            case "imap" -> 143;
            case "imaps" -> 993;
            case "smtp" -> 587;
            case "smtps" -> 465;
            default -> -1;
        };
    }

    // Percent-decoding only: a '+' in a password is a plus, not a space.
    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static IllegalStateException invalid(String key, Set<String> protocols, String why) {
        return new IllegalStateException("setting '" + key + "' (" + Settings.envName(key) + ") is not a valid "
                + String.join("/", protocols.stream().sorted().toList()) + " URL (" + why
                + "), e.g. " + protocols.stream().sorted().toList().get(protocols.size() - 1)
                + "://user:password@host:port");
    }
}
