package dev.switchboard.settings;


import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The settings {@code application.properties} documents (set or commented out), as environment variable names. */
final class KnownSettings {

    private static final Pattern KEY = Pattern.compile("^#?\\s*((?:switchboard|twilio)\\.[a-z0-9.-]+)=", Pattern.MULTILINE);

    private KnownSettings() {
    }

    static Set<String> environmentNames() {
        Set<String> names = new TreeSet<>();
        Matcher m = KEY.matcher(read(Path.of("application.properties")));
        while (m.find()) {
            names.add(Settings.envName(m.group(1)));
        }
        return names;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
