package dev.switchboard.api;

import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers 503 with {@code Retry-After} until every route has started, and again from the moment the context
 * begins to stop (its routes go one by one, and the port listens until the end). The HTTP server listens before Camel has
 * started the routes behind it, and in between Vert.x answered 404 with an HTML page: a client (or a load balancer
 * without a readiness check) that met a restarting instance was told its request does not exist, and a careful
 * client gave up on messages it should have retried (the full-size kill -9 fault run: 56 of 10,000).
 */
public final class StartingGate extends EventNotifierSupport implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(StartingGate.class);
    static final String STARTING = "{\"error\":{\"code\":\"starting\",\"message\":\"Switchboard is starting; retry"
            + " after the Retry-After seconds\",\"field\":null}}";
    static final String STOPPING = "{\"error\":{\"code\":\"stopping\",\"message\":\"this Switchboard instance is"
            + " stopping; retry after the Retry-After seconds (another instance may answer)\",\"field\":null}}";

    private final int port;
    private volatile boolean started;
    private volatile boolean stopping;
    private boolean installed;

    private StartingGate(int port) {
        this.port = port;
        // Only the context's own events: no exchange events are made for this notifier.
        setIgnoreExchangeEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
    }

    /**
     * Installed when the routes begin to start (the HTTP server is listening by then), or at the latest when the
     * startup listeners run.
     */
    public static void install(CamelContext context, int port) throws Exception {
        StartingGate gate = new StartingGate(port);
        context.getManagementStrategy().addEventNotifier(gate);
        context.addStartupListener(gate);
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof CamelEvent.CamelContextRoutesStartingEvent starting) {
            installIfReady(starting.getContext());
        } else if (event instanceof CamelEvent.CamelContextStoppingEvent) {
            stopping = true;
        }
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        installIfReady(context);
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        installIfReady(context);
        started = true;
    }

    private synchronized void installIfReady(CamelContext context) {
        if (installed) {
            return;
        }
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context,
                VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            LOG.debug("No HTTP router on port {} yet", port);
            return;
        }
        router.route().order(-2000).handler(this::check);
        installed = true;
        LOG.debug("Starting gate on port {} ({})", port, started ? "after start" : "before the routes start");
    }

    private void check(RoutingContext request) {
        if (started && !stopping) {
            request.next();
            return;
        }
        request.response().setStatusCode(503).putHeader("Retry-After", "1")
                .putHeader("Content-Type", "application/json").end(stopping ? STOPPING : STARTING);
    }
}
