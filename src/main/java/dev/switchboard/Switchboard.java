package dev.switchboard;

import dev.switchboard.api.ApiRoutes;
import dev.switchboard.callback.CallbackRoutes;
import dev.switchboard.config.ErrorHandling;
import dev.switchboard.config.Settings;
import dev.switchboard.config.SwitchboardConfiguration;
import dev.switchboard.dispatch.DispatchRoutes;
import dev.switchboard.observe.MetricsRoutes;
import dev.switchboard.sandbox.TwilioSandbox;
import dev.switchboard.submit.SubmitRoutes;
import dev.switchboard.ui.UiRoutes;
import dev.switchboard.verify.VerifyRoutes;
import dev.switchboard.voice.VoiceRoutes;
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
        // Route and exchange ids in the MDC: SWITCHBOARD_LOG_FORMAT=json prints them with every line.
        main.configure().withUseMdcLogging(true);
        main.configure().addConfiguration(new SwitchboardConfiguration(settings));
        main.configure().addRoutesBuilder(new ErrorHandling());
        main.configure().addRoutesBuilder(new SubmitRoutes());
        main.configure().addRoutesBuilder(new ApiRoutes());
        main.configure().addRoutesBuilder(new DispatchRoutes(settings));
        main.configure().addRoutesBuilder(new CallbackRoutes());
        main.configure().addRoutesBuilder(new VoiceRoutes(settings));
        main.configure().addRoutesBuilder(new VerifyRoutes(settings));
        main.configure().addRoutesBuilder(new UiRoutes());
        main.configure().addRoutesBuilder(new MetricsRoutes(settings));
        int port = settings.getInt("switchboard.http.port", 8080);
        main.configure().httpServer()
                .withEnabled(true)
                .withHost(settings.get("switchboard.http.host", "0.0.0.0"))
                .withPort(port)
                // Hard ceiling for any request body; the API answers 413 with a JSON error above 64 KiB itself.
                .withMaxBodySize(settings.getLong("switchboard.http.max-body-bytes", 1_048_576L))
                // No endpoint takes multipart uploads: never let one spool files to disk.
                .withFileUploadEnabled(false);
        // Prometheus metrics at /observe/metrics and health at /observe/health(/live|/ready), on the same port (Camel 4.14 fails to start with two ports).
        // Per-route timers stay; the per-exchange event notifier is off: it searched the whole meter registry on every
        // exchange (each published event, each import batch), a cost that grew with the number of meters.
        main.configure().metrics().withEnabled(true).withEnableExchangeEventNotifier(false);
        // camel-micrometer-prometheus reads its options from camel.metrics.* properties only: the fluent setter above
        // alone left the notifier on (seen in a profile of the file import: a registry search per published event).
        main.addInitialProperty("camel.metrics.enableExchangeEventNotifier", "false");
        main.configure().httpManagementServer().withEnabled(true).withPort(port).withMetricsEnabled(true)
                .withHealthCheckEnabled(true);
        // initialState UP: a polling consumer (the file inbox) that has not polled yet must not hold the API out of
        // the load balancer; a consumer that fails still reports DOWN.
        main.configure().health().withEnabled(true).withExposureLevel("full").withInitialState("up");
        configureRoutes(main, settings);
        return main;
    }

    /**
     * Inbound adapters: YAML routes from the routes folder (hot-reloaded when they change), or the
     * copies bundled in the jar when that folder does not exist (the jar run from elsewhere).
     */
    private static void configureRoutes(Main main, Settings settings) {
        Path routes = Path.of(settings.get("switchboard.routes.dir", "routes")).toAbsolutePath();
        if (!Files.isDirectory(routes)) {
            main.configure().withRoutesIncludePattern("classpath:routes/*.camel.yaml");
            return;
        }
        main.configure().withRoutesIncludePattern("file:" + routes + "/*.camel.yaml");
        if (settings.getBoolean("switchboard.routes.reload", true)) {
            main.configure().withRoutesReloadEnabled(true)
                    .withRoutesReloadDirectory(routes.toString())
                    .withRoutesReloadPattern("*.camel.yaml");
        }
    }
}
