package dev.switchboard.settings;

import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml and the code cannot disagree: every SWITCHBOARD_* / TWILIO_* variable a service sets is a setting
 * in application.properties. Static (no Docker engine runs here).
 */
class ComposeSettingsTest {

    @Test
    void every_variable_compose_sets_is_a_known_setting() {
        Map<String, Object> services = services();
        Set<String> set = new TreeSet<>();
        services.forEach((name, service) -> set.addAll(switchboardVariables(service)));
        assertThat(set).isNotEmpty().contains("SWITCHBOARD_DB_URL", "SWITCHBOARD_JMS_URL", "TWILIO_AUTH_TOKEN");
        assertThat(KnownSettings.environmentNames()).containsAll(set);
    }

    @Test
    void switchboard_is_built_from_the_dockerfile_next_to_postgres_artemis_and_mail() {
        Map<String, Object> services = services();
        assertThat(services).containsKeys("switchboard", "postgres", "artemis", "mail");
        assertThat(((Map<?, ?>) services.get("switchboard")).get("build")).isEqualTo(".");
        String dockerfile = KnownSettings.read(Path.of("Dockerfile"));
        assertThat(dockerfile).contains("AS build").contains("mvn -B -q package").contains("COPY --from=build");
    }

    /** Issue 17: nothing published beyond this machine, no default API key, no password fixed in the file. */
    @Test
    void compose_publishes_on_loopback_only_has_no_default_key_and_runs_switchboard_read_only() {
        Map<String, Object> services = services();
        services.forEach((name, service) -> {
            Object ports = ((Map<?, ?>) service).get("ports");
            if (ports instanceof Iterable<?> list) {
                list.forEach(p -> assertThat(String.valueOf(p)).as(name + " publishes " + p).startsWith("127.0.0.1:"));
            }
        });
        String text = KnownSettings.read(Path.of("docker-compose.yml"));
        assertThat(text).contains("SWITCHBOARD_API_KEYS: ${SWITCHBOARD_API_KEYS:-}").doesNotContain("change-me");
        for (String service : new String[] {"switchboard", "switchboard-2"}) {
            assertThat(((Map<?, ?>) services.get(service)).get("read_only")).as(service).isEqualTo(true);
        }
        assertThat(((Map<?, ?>) ((Map<?, ?>) services.get("postgres")).get("environment")).get("POSTGRES_PASSWORD"))
                .isEqualTo("${POSTGRES_PASSWORD:-postgres}");
        assertThat(((Map<?, ?>) ((Map<?, ?>) services.get("artemis")).get("environment")).get("ARTEMIS_PASSWORD"))
                .isEqualTo("${ARTEMIS_PASSWORD:-artemis}");
    }

    @Test
    void an_unknown_variable_would_be_caught() {
        Object service = Map.of("environment", Map.of("SWITCHBOARD_HTTP_PORTT", "1", "OTHER", "x"));
        assertThat(switchboardVariables(service)).containsExactly("SWITCHBOARD_HTTP_PORTT");
        assertThat(KnownSettings.environmentNames()).doesNotContain("SWITCHBOARD_HTTP_PORTT");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> services() {
        Object doc = new Load(LoadSettings.builder().build()).loadFromString(KnownSettings.read(Path.of("docker-compose.yml")));
        return (Map<String, Object>) ((Map<String, Object>) doc).get("services");
    }

    /** Variables from a service's {@code environment}, as a map or as a list of NAME=value. */
    private static Set<String> switchboardVariables(Object service) {
        Object env = ((Map<?, ?>) service).get("environment");
        Set<String> names = new TreeSet<>();
        if (env instanceof Map<?, ?> map) {
            map.keySet().forEach(k -> names.add(String.valueOf(k)));
        } else if (env instanceof Iterable<?> list) {
            list.forEach(e -> names.add(String.valueOf(e).split("=", 2)[0]));
        }
        names.removeIf(n -> !n.startsWith("SWITCHBOARD_") && !n.startsWith("TWILIO_"));
        return names;
    }
}
