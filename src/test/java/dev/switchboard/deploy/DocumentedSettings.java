package dev.switchboard.deploy;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings docs/configuration.md documents, as environment variable names (the same parse as
 * {@code settings.ConfigurationDocsTest}, which keeps that table equal to application.properties).
 */
final class DocumentedSettings {

    private static final Pattern NAME = Pattern.compile("`(_?[A-Z][A-Z0-9_]*)`");

    private DocumentedSettings() {
    }

    /** The names in docs/configuration.md's table, with {@code `_X`} completed from the row's first name. */
    static Set<String> names() {
        String docs = Manifests.text(Path.of("docs", "configuration.md"));
        Set<String> names = new TreeSet<>();
        for (String line : docs.lines().filter(l -> l.startsWith("| `")).toList()) {
            Matcher m = NAME.matcher(line.substring(1, line.indexOf('|', 1)));
            String area = null;
            while (m.find()) {
                String n = m.group(1);
                if (n.startsWith("_")) {
                    n = area + n;
                } else {
                    area = n.split("_")[0] + "_" + n.split("_")[1];
                }
                names.add(n);
            }
        }
        return names;
    }
}
