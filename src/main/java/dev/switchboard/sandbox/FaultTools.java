package dev.switchboard.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Map;

/**
 * Sandbox-only fault control for fault suites (never part of Twilio):
 * {@code POST /sandbox/faults} {"mode":"http500|http429|latency|refuse","forMs":30000,"latencyMs":10000,
 * "retryAfterS":1,"created":false} starts a fault window on message creates; {@code DELETE /sandbox/faults} ends it;
 * {@code GET /sandbox/faults} shows it. {@code GET /sandbox/stats} counts creates per message (see
 * {@link CreateStats}); {@code POST /sandbox/stats/reset} sets them to zero.
 */
final class FaultTools implements HttpHandler {

    private final FaultPlan plan;
    private final CreateStats stats;
    private final String toolsToken;

    FaultTools(FaultPlan plan, CreateStats stats, String toolsToken) {
        this.plan = plan;
        this.stats = stats;
        this.toolsToken = toolsToken;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            if (!SandboxHttp.toolsAllowed(exchange, toolsToken)) {
                SandboxHttp.refuseTool(exchange);
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if ("/sandbox/faults".equals(path) && "POST".equals(method)) {
                FaultPlan.Fault fault = parse(SandboxHttp.JSON.readTree(SandboxHttp.body(exchange)));
                plan.start(fault);
                SandboxHttp.respond(exchange, 200, fault.toJson());
            } else if ("/sandbox/faults".equals(path) && "DELETE".equals(method)) {
                plan.clear();
                SandboxHttp.respond(exchange, 200, Map.of("mode", "none"));
            } else if ("/sandbox/faults".equals(path) && "GET".equals(method)) {
                FaultPlan.Fault fault = plan.now();
                SandboxHttp.respond(exchange, 200, fault == null ? Map.of("mode", "none") : fault.toJson());
            } else if ("/sandbox/stats".equals(path) && "GET".equals(method)) {
                SandboxHttp.respond(exchange, 200, stats.snapshot());
            } else if ("/sandbox/stats/reset".equals(path) && "POST".equals(method)) {
                stats.reset();
                SandboxHttp.respond(exchange, 200, stats.snapshot());
            } else {
                SandboxHttp.respond(exchange, TwilioError.notFound(path));
            }
        } catch (IllegalArgumentException e) {
            SandboxHttp.respond(exchange, 400, Map.of("error", String.valueOf(e.getMessage())));
        } finally {
            exchange.close();
        }
    }

    static FaultPlan.Fault parse(JsonNode json) {
        if (!json.hasNonNull("mode")) {
            throw new IllegalArgumentException("'mode' is required: http500, http429, latency or refuse");
        }
        return FaultPlan.Fault.starting(FaultPlan.Mode.parse(json.get("mode").asText()),
                json.path("forMs").asLong(30_000), json.path("latencyMs").asLong(10_000),
                json.path("retryAfterS").asInt(1), json.path("created").asBoolean(false));
    }
}
