package dev.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.settings.Settings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeakSecretsTest {

    private static List<String> find(Map<String, String> values) {
        return WeakSecrets.find(new Settings(key -> java.util.Optional.ofNullable(values.get(key))));
    }

    @Test
    void the_compose_files_development_passwords_are_each_named_never_shown() {
        List<String> warnings = find(Map.of("switchboard.db.password", "postgres", "switchboard.jms.password", "artemis",
                "switchboard.mail.url", "imap://sms:sms@mail:3143/INBOX", "switchboard.api.keys", "local-dev-key-change-me"));

        assertThat(warnings).hasSize(4);
        assertThat(String.join("\n", warnings)).contains("SWITCHBOARD_DB_PASSWORD", "SWITCHBOARD_JMS_PASSWORD",
                "SWITCHBOARD_MAIL_URL", "SWITCHBOARD_API_KEYS").doesNotContain("artemis", "local-dev-key-change-me", "sms@");
    }

    @Test
    void short_secrets_are_named_and_strong_or_unset_ones_are_not() {
        assertThat(find(Map.of("switchboard.jms.embedded-password", "abc12"))).singleElement().asString()
                .contains("SWITCHBOARD_JMS_EMBEDDED_PASSWORD", "shorter than 12");
        assertThat(find(Map.of("switchboard.db.password", "vT9#kq2Lr8!xZ", "switchboard.api.keys", "k1-2b7c9d0e1f2a3b4c,"
                + "k2-8e7d6c5b4a3f2e1d"))).isEmpty();
        assertThat(find(Map.of())).isEmpty();
    }
}
