package dev.switchboard.settings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/** Typed access to {@code switchboard.*} and {@code twilio.*} settings, each overridable by its environment variable. */
public final class Settings {

    private final Function<String, Optional<String>> source;

    public Settings(Function<String, Optional<String>> source) {
        this.source = source;
    }

    /**
     * Explicit overrides (tests, command line) first, then the environment ({@code SWITCHBOARD_HTTP_PORT}
     * for {@code switchboard.http.port}), then the documented defaults in {@code application.properties}.
     */
    public static Settings load(Map<String, String> overrides) {
        Properties defaults = new Properties();
        try (InputStream in = Settings.class.getResourceAsStream("/application.properties")) {
            if (in != null) {
                defaults.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read application.properties", e);
        }
        Map<String, String> env = System.getenv();
        return new Settings(key -> Optional.ofNullable(overrides.get(key))
                .or(() -> Optional.ofNullable(env.get(envName(key))))
                .or(() -> Optional.ofNullable(defaults.getProperty(key))));
    }

    /** The raw value, blank treated as absent (an empty env var means "not set"). */
    public Optional<String> get(String key) {
        return source.apply(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    public String get(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    public String require(String key) {
        return get(key).orElseThrow(() -> new IllegalStateException(
                "setting '" + key + "' (environment variable " + envName(key) + ") is required"));
    }

    public int getInt(String key, int fallback) {
        return get(key).map(v -> parse(key, v, Integer::parseInt)).orElse(fallback);
    }

    public long getLong(String key, long fallback) {
        return get(key).map(v -> parse(key, v, Long::parseLong)).orElse(fallback);
    }

    public double getDouble(String key, double fallback) {
        return get(key).map(v -> parse(key, v, Double::parseDouble)).orElse(fallback);
    }

    public boolean getBoolean(String key, boolean fallback) {
        return get(key).map(Boolean::parseBoolean).orElse(fallback);
    }

    /** Milliseconds, written as a plain number of milliseconds. */
    public Duration getMillis(String key, long fallbackMillis) {
        return Duration.ofMillis(getLong(key, fallbackMillis));
    }

    public Path dataDir() {
        return Path.of(get("switchboard.data.dir", "./data")).toAbsolutePath().normalize();
    }

    /** The environment variable that overrides a property: {@code switchboard.http.port} → {@code SWITCHBOARD_HTTP_PORT}. */
    public static String envName(String key) {
        return key.toUpperCase().replace('.', '_').replace('-', '_');
    }

    private static <T> T parse(String key, String value, Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            throw new IllegalStateException("setting '" + key + "' (" + envName(key) + ") has an invalid value: '" + value + "'", e);
        }
    }
}
