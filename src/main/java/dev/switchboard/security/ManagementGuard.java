package dev.switchboard.security;

import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * With {@code switchboard.management.require-api-key=true}, {@code /observe/**} (health, metrics) and {@code /ui/**}
 * answer 401 unless the request carries an API key, checked ahead of Camel's own management routes on the one port.
 */
public final class ManagementGuard implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(ManagementGuard.class);
    static final List<String> PREFIXES = List.of("/observe", "/ui");

    private final ApiKeys keys;
    private final int port;

    private ManagementGuard(ApiKeys keys, int port) {
        this.keys = keys;
        this.port = port;
    }

    /** Installs the check once the HTTP server is up. */
    public static void install(CamelContext context, ApiKeys keys, int port) throws Exception {
        context.addStartupListener(new ManagementGuard(keys, port));
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // the router exists once the embedded server has started: see onCamelContextFullyStarted
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context,
                VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            throw new IllegalStateException("no HTTP router on port " + port + " to guard /observe with");
        }
        for (String prefix : PREFIXES) {
            router.route(prefix).order(-1000).handler(this::check);
            router.route(prefix + "/*").order(-1000).handler(this::check);
        }
        LOG.info("/observe and /ui require an API key (switchboard.management.require-api-key)");
    }

    private void check(RoutingContext request) {
        if (keys.accepts(request.request().getHeader("Authorization"))) {
            request.next();
            return;
        }
        request.response().setStatusCode(401).putHeader("Content-Type", "application/json")
                .end("{\"error\":{\"code\":\"unauthorized\",\"message\":\"a valid API key is required:"
                        + " Authorization: Bearer <key>\",\"field\":null}}");
    }
}
