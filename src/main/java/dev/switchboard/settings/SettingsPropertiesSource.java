package dev.switchboard.settings;

import org.apache.camel.Ordered;
import org.apache.camel.spi.PropertiesSource;

/**
 * Lets {@code {{switchboard.…}}} placeholders in YAML routes resolve exactly as the Java code does:
 * overrides, then {@code SWITCHBOARD_…} environment variables, then application.properties.
 */
public final class SettingsPropertiesSource implements PropertiesSource, Ordered {

    private final Settings settings;

    public SettingsPropertiesSource(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String getName() {
        return "switchboard-settings";
    }

    @Override
    public String getProperty(String name) {
        return settings.get(name).orElse(null);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST;
    }
}
