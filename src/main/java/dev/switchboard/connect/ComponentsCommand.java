package dev.switchboard.connect;

import dev.switchboard.settings.Settings;

import java.util.Arrays;
import java.util.Map;

/**
 * {@code java -jar switchboard.jar components fetch kafka,paho-mqtt5}: fills the components folder
 * ({@code SWITCHBOARD_COMPONENTS_DIR}) ahead of time, for a Docker image or an air-gapped host that then runs with
 * {@code SWITCHBOARD_COMPONENTS_OFFLINE=true}.
 */
public final class ComponentsCommand {

    private ComponentsCommand() {
    }

    /** Returns the process exit code. */
    public static int run(String[] args) {
        if (args.length < 2 || !"fetch".equals(args[0])) {
            System.err.println("usage: java -jar switchboard.jar components fetch SCHEME[,SCHEME…] [SCHEME…]"
                    + "   (into SWITCHBOARD_COMPONENTS_DIR, default <data dir>/components)");
            return 2;
        }
        Components components = Components.of(Settings.load(Map.of("switchboard.components.offline", "false")));
        try {
            Arrays.stream(args).skip(1).flatMap(a -> Arrays.stream(a.split(","))).map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .forEach(scheme -> {
                        boolean fetched = components.ensure(scheme, "components fetch");
                        System.out.println(scheme + (fetched ? ": ready in " + components.folder() : ": carried by the jar"));
                    });
            return 0;
        } catch (RouteFileException e) {
            System.err.println(e.getMessage());
            return 1;
        } finally {
            components.close();
        }
    }
}
