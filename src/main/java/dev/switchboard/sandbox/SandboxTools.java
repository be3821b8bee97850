package dev.switchboard.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sandbox-only endpoints for a developer without a phone (never part of Twilio):
 * {@code POST /sandbox/ivr/walk} walks an IVR and answers its transcript;
 * {@code GET /sandbox/verify/code?to=} reads the pending verification code for a recipient;
 * {@code POST /sandbox/verify/expire?to=} lets that verification's ten minutes pass at once.
 */
final class SandboxTools implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxTools.class);

    private final SandboxConfig config;
    private final VerifyApi verify;
    private final String toolsToken;
    private final IvrWalker.Hosts walkable;

    SandboxTools(SandboxConfig config, VerifyApi verify, String toolsToken, IvrWalker.Hosts walkable) {
        this.config = config;
        this.verify = verify;
        this.toolsToken = toolsToken;
        this.walkable = walkable;
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
            if ("POST".equals(method) && "/sandbox/ivr/walk".equals(path)) {
                walk(exchange);
            } else if ("GET".equals(method) && "/sandbox/verify/code".equals(path)) {
                String to = SandboxHttp.query(exchange).get("to");
                var pending = to == null ? java.util.Optional.<VerifyApi.Pending>empty() : verify.pending(to);
                if (pending.isEmpty()) {
                    SandboxHttp.respond(exchange, 404, Map.of("error", "no pending verification for " + to));
                } else {
                    Map<String, Object> json = new LinkedHashMap<>();
                    json.put("to", pending.get().to);
                    json.put("channel", pending.get().channel);
                    json.put("status", pending.get().status);
                    json.put("code", pending.get().code);
                    SandboxHttp.respond(exchange, 200, json);
                }
            } else if ("POST".equals(method) && "/sandbox/verify/expire".equals(path)) {
                String to = SandboxHttp.query(exchange).get("to");
                SandboxHttp.respond(exchange, to != null && verify.expire(to) ? 200 : 404, Map.of("to", String.valueOf(to)));
            } else {
                SandboxHttp.respond(exchange, TwilioError.notFound(path));
            }
        } catch (RuntimeException e) {
            LOG.warn("Sandbox tool {} failed: {}", exchange.getRequestURI().getPath(), e.toString());
            try {
                SandboxHttp.respond(exchange, 400, Map.of("error", String.valueOf(e.getMessage())));
            } catch (IOException | RuntimeException ignored) {
                // the answer had started
            }
        } finally {
            exchange.close();
        }
    }

    /** {"url": "...", "from": "+1…", "to": "+1…", "inputs": ["1", "sales", "timeout"], "maxSteps": 40}. */
    private void walk(HttpExchange exchange) throws IOException {
        JsonNode body = SandboxHttp.JSON.readTree(SandboxHttp.body(exchange));
        String url = body.path("url").asText(null);
        if (url == null || !url.matches("https?://.+")) {
            throw new IllegalArgumentException("'url' must be the http(s) URL of a voice webhook, e.g."
                    + " http://localhost:8080/twilio/voice/incoming");
        }
        List<String> inputs = new ArrayList<>();
        body.path("inputs").forEach(i -> inputs.add(i.asText()));
        IvrWalker.Walk walk = new IvrWalker(config.accountSid(), config.authToken(), walkable).walk(url,
                body.path("from").asText("+14155550100"), body.path("to").asText("+15005550006"), inputs,
                Math.min(200, body.path("maxSteps").asInt(40)));
        SandboxHttp.respond(exchange, 200, walk);
    }
}
