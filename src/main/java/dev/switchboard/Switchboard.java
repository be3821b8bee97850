package dev.switchboard;

import dev.switchboard.api.ApiRoutes;
import dev.switchboard.callback.CallbackRoutes;
import dev.switchboard.wiring.ErrorHandling;
import dev.switchboard.settings.Settings;
import dev.switchboard.wiring.SwitchboardConfiguration;
import dev.switchboard.dispatch.DispatchRoutes;
import dev.switchboard.observe.MetricsRoutes;
import dev.switchboard.sandbox.TwilioSandbox;
import dev.switchboard.submit.SubmitRoutes;
import dev.switchboard.ui.UiRoutes;
import dev.switchboard.verify.VerifyRoutes;
import dev.switchboard.voice.VoiceRoutes;
import dev.switchboard.connect.CheckedReloadStrategy;
import dev.switchboard.connect.Components;
import dev.switchboard.connect.ComponentsCommand;
import dev.switchboard.connect.FetchingComponentResolver;
import dev.switchboard.connect.RouteChecks;
import dev.switchboard.connect.RouteFileException;
import dev.switchboard.connect.RouteSet;
import dev.switchboard.connect.RouteSetCollector;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedCamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.ComponentResolver;
import org.apache.camel.support.PluginHelper;
import org.slf4j.LoggerFactory;

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
        if (args.length > 0 && "components".equals(args[0])) {
            System.exit(ComponentsCommand.run(Arrays.copyOfRange(args, 1, args.length)));
            return;
        }
        Main main;
        try {
            main = create(Map.of());
        } catch (RouteFileException e) {
            exitOn(e);
            return;
        }
        main.run();
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
        main.configure().addRoutesBuilder(new dev.switchboard.retention.RetentionRoutes(settings));
        main.configure().addRoutesBuilder(new dev.switchboard.webhook.WebhookRoutes(settings));
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
        String url = settings.get("switchboard.public.url", "http://localhost:" + port).replaceAll("/+$", "");
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport m) {
                // The last line of the first screen: where to go from here.
                LoggerFactory.getLogger(Switchboard.class).info("Switchboard is ready: API {}/api/v1/messages (key:"
                        + " SWITCHBOARD_API_KEYS, or the one printed at first start), status page {}/ui, OpenAPI"
                        + " {}/api/v1/openapi.json, metrics {}/observe/metrics", url, url, url, url);
            }
        });
        return main;
    }

    /**
     * Route files: the bundled ones plus the engineer's folder (which adds to them and may replace one by id), each
     * checked against Camel's YAML DSL schema, every component they name loaded before they start (fetched on demand
     * unless offline), and a changed file reloaded after the same checks.
     */
    private static void configureRoutes(Main main, Settings settings) {
        Path folder = Path.of(settings.get("switchboard.routes.dir", "routes")).toAbsolutePath().normalize();
        long started = System.nanoTime();
        RouteSet routes = RouteSet.load(folder, RouteChecks.in(settings.dataDir().resolve("routes-checked.txt")));
        long checked = System.nanoTime();
        Components components = Components.of(settings);
        components.prepare(routes.endpoints());
        LoggerFactory.getLogger(Switchboard.class).info("{} route files checked in {} ms, their components ready in {} ms",
                routes.sources().size(), (checked - started) / 1_000_000, (System.nanoTime() - checked) / 1_000_000);
        main.setRoutesCollector(new RouteSetCollector(routes));
        boolean reload = settings.getBoolean("switchboard.routes.reload", true) && Files.isDirectory(folder);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport m) {
                CamelContext context = m.getCamelContext();
                context.setApplicationContextClassLoader(components.classLoader());
                ExtendedCamelContext ext = context.getCamelContextExtension();
                ext.addContextPlugin(ComponentResolver.class,
                        new FetchingComponentResolver(PluginHelper.getComponentResolver(ext), components));
                if (reload) {
                    try {
                        context.addService(new CheckedReloadStrategy(folder, components));
                    } catch (Exception e) {
                        throw new IllegalStateException("cannot watch " + folder, e);
                    }
                }
            }

            @Override
            public void afterStop(BaseMainSupport m) {
                components.close();
            }
        });
    }

    /** Fails start with one line ({@code routes/x.camel.yaml:7: …}) for a route file or component it refuses. */
    private static void exitOn(RouteFileException e) {
        LoggerFactory.getLogger(Switchboard.class).error(e.getMessage());
        System.exit(1);
    }
}
