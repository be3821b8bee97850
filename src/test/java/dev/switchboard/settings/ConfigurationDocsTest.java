package dev.switchboard.settings;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The configuration reference's table (docs/configuration.md) and {@code .env.example} name exactly the settings in application.properties. */
class ConfigurationDocsTest {

    private static final Pattern NAME = Pattern.compile("`(_?[A-Z][A-Z0-9_]*)`");

    @Test
    void application_properties_documents_real_settings() {
        assertThat(KnownSettings.environmentNames())
                .contains("SWITCHBOARD_HTTP_PORT", "TWILIO_AUTH_TOKEN", "SWITCHBOARD_DB_PASSWORD", "SWITCHBOARD_LOG_FORMAT")
                .hasSizeGreaterThan(70);
    }

    @Test
    void the_reference_table_names_every_setting_and_no_other() {
        assertThat(readmeTable(KnownSettings.read(Path.of("docs/configuration.md")))).isEqualTo(KnownSettings.environmentNames());
    }

    @Test
    void env_example_names_every_setting_once_with_a_comment() {
        List<String> lines = KnownSettings.read(Path.of(".env.example")).lines().toList();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = Pattern.compile("^#?([A-Z][A-Z0-9_]*)=").matcher(lines.get(i));
            if (m.find()) {
                names.add(m.group(1));
                assertThat(i).as(m.group(1) + " has a comment line above it").isPositive();
                assertThat(lines.get(i - 1)).as("the line above " + m.group(1)).matches("# \\S.*");
            }
        }
        assertThat(names).doesNotHaveDuplicates();
        assertThat(new TreeSet<>(names)).isEqualTo(KnownSettings.environmentNames());
    }

    @Test
    void the_table_parser_expands_shorthand_names() {
        String readme = "## Configuration\n| variable | default | meaning |\n|---|---|---|\n"
                + "| `SWITCHBOARD_DB_URL`, `_USER`, `_PASSWORD` | H2 | db |\n| `TWILIO_PHONE_NUMBER` | — | x |\n\n## Next\n";
        assertThat(readmeTable(readme)).containsExactlyInAnyOrder(
                "SWITCHBOARD_DB_URL", "SWITCHBOARD_DB_USER", "SWITCHBOARD_DB_PASSWORD", "TWILIO_PHONE_NUMBER");
    }

    /** Variables in the first column of the table under "## Configuration"; {@code `_X`} continues the row's first name's area. */
    static Set<String> readmeTable(String readme) {
        String section = readme.substring(readme.indexOf("## Configuration"));
        section = section.substring(0, section.indexOf("\n## ", 5));
        Set<String> names = new TreeSet<>();
        for (String line : section.lines().filter(l -> l.startsWith("| `")).toList()) {
            String first = line.substring(1, line.indexOf('|', 1));
            String area = null;
            Matcher m = NAME.matcher(first);
            while (m.find()) {
                String name = m.group(1);
                if (name.startsWith("_")) {
                    assertThat(area).as("shorthand " + name + " needs a full name before it").isNotNull();
                    name = area + name;
                } else {
                    String[] parts = name.split("_");
                    area = parts[0] + "_" + parts[1];
                }
                names.add(name);
            }
        }
        return names;
    }
}
