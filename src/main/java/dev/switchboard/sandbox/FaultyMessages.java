package dev.switchboard.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits in front of the Messages handler: counts every create per message ({@link CreateStats}) and plays the
 * current {@link FaultPlan} on creates; everything else passes straight through.
 */
final class FaultyMessages implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(FaultyMessages.class);

    private static final java.util.regex.Pattern ACCOUNT = java.util.regex.Pattern.compile(
            "^/2010-04-01/Accounts/([^/]+)/Messages\\.json$");

    private final HttpHandler messages;
    private final FaultPlan plan;
    private final CreateStats stats;
    private final SandboxConfig config;

    FaultyMessages(HttpHandler messages, FaultPlan plan, CreateStats stats, SandboxConfig config) {
        this.messages = messages;
        this.plan = plan;
        this.stats = stats;
        this.config = config;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod()) || !exchange.getRequestURI().getPath().endsWith("/Messages.json")) {
            messages.handle(exchange);
            return;
        }
        java.util.regex.Matcher account = ACCOUNT.matcher(exchange.getRequestURI().getPath());
        if (!account.matches() || !SandboxHttp.authorised(exchange, config, account.group(1))) {
            messages.handle(exchange); // answers 401 (or 404) without reading the body
            return;
        }
        try {
            create(exchange);
        } catch (IllegalArgumentException tooLarge) {
            SandboxHttp.respond(exchange, new TwilioError(413, 21617, tooLarge.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    private void create(HttpExchange exchange) throws IOException, InterruptedException {
        stats.request();
        FaultPlan.Fault fault = plan.now();
        FaultPlan.Mode mode = fault == null ? null : fault.mode();
        if (mode == FaultPlan.Mode.REFUSE) {
            // Closing before any answer drops the connection: the client sees a reset, nothing was created.
            stats.faulted();
            return;
        }
        byte[] body = SandboxHttp.body(exchange);
        if (mode == FaultPlan.Mode.LATENCY) {
            Thread.sleep(fault.latencyMs());
        }
        if (mode == FaultPlan.Mode.HTTP429) {
            stats.faulted();
            exchange.getResponseHeaders().set("Retry-After", String.valueOf(fault.retryAfterS()));
            SandboxHttp.respond(exchange, TwilioError.injected(429).status(), TwilioError.injected(429).body());
            return;
        }
        if (mode == FaultPlan.Mode.HTTP500 && !fault.created()) {
            stats.faulted();
            SandboxHttp.respond(exchange, TwilioError.internal());
            return;
        }
        CapturedExchange captured = new CapturedExchange(exchange, body);
        messages.handle(captured);
        if (captured.getResponseCode() == 201) {
            stats.created(form(body));
        }
        if (mode == FaultPlan.Mode.HTTP500) {
            stats.faulted();
            SandboxHttp.respond(exchange, TwilioError.internal());
            return;
        }
        if (captured.getResponseCode() == 201) {
            stats.answered201();
        }
        exchange.getResponseHeaders().putAll(captured.getResponseHeaders());
        byte[] answer = captured.body();
        exchange.sendResponseHeaders(captured.getResponseCode(), answer.length == 0 ? -1 : answer.length);
        exchange.getResponseBody().write(answer);
    }

    private static Map<String, List<String>> form(byte[] body) {
        try {
            return FormCodec.decode(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            LOG.debug("A created message's form did not decode for the stats", e);
            return Map.of();
        }
    }
}
