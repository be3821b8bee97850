package dev.switchboard.wiring;

import io.vertx.core.http.HttpServer;
import io.vertx.core.net.impl.TCPServerBase;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Fails the start, before any route consumer starts, when the HTTP server is not listening. Camel 4.14's
 * {@code VertxPlatformHttpServer} logs a bind failure (a port another process holds) as a warning and carries on:
 * Switchboard then ran with its file inbox, JMS and outbox working and no API, health, metrics or callbacks, a
 * process that looks up and answers nothing (seen in CI: another test's server had the port, and every request of
 * the test reached that server instead).
 */
public final class HttpListening implements StartupListener {

    private final String host;
    private final int port;

    private HttpListening(String host, int port) {
        this.host = host;
        this.port = port;
    }

    public static void install(CamelContext context, String host, int port) throws Exception {
        context.addStartupListener(new HttpListening(host, port));
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        if (alreadyStarted) {
            return; // a route added later: the server was checked at the start
        }
        VertxPlatformHttpServer platform = context.hasService(VertxPlatformHttpServer.class);
        HttpServer server = platform == null ? null : platform.getServer();
        // Vert.x 4 sets actualPort() to the asked port before binding: only the server's own flag tells. Its
        // failure handler runs before Camel's, so the flag is down by the time Camel's start has returned.
        // (HttpPortTakenIT fails if a Vert.x upgrade moves the flag.)
        if (server instanceof TCPServerBase tcp && tcp.isListening()) {
            return;
        }
        throw new IllegalStateException("Switchboard's HTTP server is not listening on " + host + ":" + port + " ("
                + reason() + "); free the port or set SWITCHBOARD_HTTP_PORT (and SWITCHBOARD_HTTP_HOST) to another");
    }

    /** Why the port cannot be bound, found by trying it: the server's own failure was only logged. */
    private String reason() {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(host, port));
            return "the port was free when checked again; see the warning above";
        } catch (IOException e) {
            return e.getMessage() + ": another process holds the port, or this user may not bind it";
        }
    }
}
