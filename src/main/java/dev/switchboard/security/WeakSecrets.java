package dev.switchboard.security;

import dev.switchboard.settings.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Passwords everybody knows (a compose file's local-development values, vendors' defaults) work, but never silently:
 * each one is named at start-up with the variable that sets it. The values themselves are never logged.
 */
public final class WeakSecrets {

    private static final Logger LOG = LoggerFactory.getLogger(WeakSecrets.class);
    private static final Set<String> KNOWN = Set.of("postgres", "artemis", "admin", "password", "sms", "guest",
            "changeme", "change-me", "secret", "root", "test", "switchboard", "local-dev-key-change-me");
    private static final int MIN_LENGTH = 12;

    private WeakSecrets() {
    }

    /** One warning per setting whose secret is a well-known default or shorter than 12 characters. */
    public static List<String> find(Settings settings) {
        List<String> warnings = new ArrayList<>();
        check(warnings, "SWITCHBOARD_DB_PASSWORD", settings.get("switchboard.db.password", null));
        check(warnings, "SWITCHBOARD_JMS_PASSWORD", settings.get("switchboard.jms.password", null));
        check(warnings, "SWITCHBOARD_JMS_EMBEDDED_PASSWORD", settings.get("switchboard.jms.embedded-password", null));
        check(warnings, "SWITCHBOARD_MAIL_URL (its password)", urlPassword(settings.get("switchboard.mail.url", null)));
        String keys = settings.get("switchboard.api.keys", null);
        if (keys != null) {
            for (String key : keys.split(",")) {
                check(warnings, "SWITCHBOARD_API_KEYS (a key)", key.trim());
            }
        }
        return warnings;
    }

    /** Logs {@link #find}'s warnings. */
    public static void warn(Settings settings) {
        find(settings).forEach(LOG::warn);
    }

    private static void check(List<String> warnings, String variable, String secret) {
        if (secret == null || secret.isBlank()) {
            return;
        }
        if (KNOWN.contains(secret.toLowerCase(Locale.ROOT))) {
            warnings.add(variable + " is a well-known default password: anyone who can reach that service can use it."
                    + " Set your own (.env, or your secret store) before this leaves a developer's machine");
        } else if (secret.length() < MIN_LENGTH) {
            warnings.add(variable + " is shorter than " + MIN_LENGTH + " characters: easy to guess");
        }
    }

    private static String urlPassword(String url) {
        if (url == null) {
            return null;
        }
        try {
            String userInfo = URI.create(url).getRawUserInfo();
            int colon = userInfo == null ? -1 : userInfo.indexOf(':');
            return colon < 0 ? null : java.net.URLDecoder.decode(userInfo.substring(colon + 1), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
