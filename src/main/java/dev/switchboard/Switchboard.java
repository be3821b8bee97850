package dev.switchboard;

import dev.switchboard.api.ApiRoutes;
import dev.switchboard.callback.CallbackRoutes;
import dev.switchboard.config.ErrorHandling;
import dev.switchboard.config.Settings;
import dev.switchboard.config.SwitchboardConfiguration;
import dev.switchboard.dispatch.DispatchRoutes;
import dev.switchboard.sandbox.TwilioSandbox;
import dev.switchboard.submit.SubmitRoutes;
import org.apache.camel.main.Main;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Starts Switchboard: {@code java -jar switchboard.jar}, or {@code java -jar switchboard.jar sandbox [flags]}
 * for the Twilio sandbox on its own.
 */
public final class Switchboard {

    private Switchboard() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && "sandbox".equals(args[0])) {
            TwilioSandbox.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        create(Map.of()).run();
    }

    /** A configured, not yet started Switchboard; {@code overrides} win over the environment and the defaults. */
    public static Main create(Map<String, String> overrides) {
        Settings settings = Settings.load(overrides);
        Main main = new Main();
        main.configure().withName("switchboard");
        main.configure().addConfiguration(new SwitchboardConfiguration(settings));
        main.configure().addRoutesBuilder(new ErrorHandling());
        main.configure().addRoutesBuilder(new SubmitRoutes());
        main.configure().addRoutesBuilder(new ApiRoutes());
        main.configure().addRoutesBuilder(new DispatchRoutes(settings));
        main.configure().addRoutesBuilder(new CallbackRoutes());
        int port = settings.getInt("switchboard.http.port", 8080);
        main.configure().httpServer()
                .withEnabled(true)
                .withHost(settings.get("switchboard.http.host", "0.0.0.0"))
                .withPort(port)
                // Hard ceiling for any request body; the API answers 413 with a JSON error above 64 KiB itself.
                .withMaxBodySize(settings.getLong("switchboard.http.max-body-bytes", 1_048_576L));
        // Prometheus metrics at /observe/metrics, on the same port (Camel 4.14 fails to start with two ports).
        main.configure().metrics().withEnabled(true);
        main.configure().httpManagementServer().withEnabled(true).withPort(port).withMetricsEnabled(true);
        Path routes = Path.of(settings.get("switchboard.routes.dir", "routes"));
        if (Files.isDirectory(routes)) {
            main.configure().withRoutesIncludePattern("file:" + routes.toAbsolutePath() + "/*.camel.yaml");
        }
        return main;
    }
}
