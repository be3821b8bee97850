package dev.switchboard.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers the sandbox's Calls, Verify and tool endpoints share: Basic auth, forms, JSON answers. */
final class SandboxHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    /** The largest request body the sandbox reads (Twilio's own limit for a message create is far below). */
    static final int MAX_BODY = 256 * 1024;
    /** The header that carries the tools token (SWITCHBOARD_SANDBOX_TOOLS_TOKEN) from a client that is not local. */
    static final String TOOLS_TOKEN_HEADER = "X-Sandbox-Token";

    private SandboxHttp() {
    }

    static boolean authorised(HttpExchange exchange, SandboxConfig config, String pathAccountSid) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)
                || (pathAccountSid != null && !config.accountSid().equals(pathAccountSid))) {
            return false;
        }
        try {
            byte[] given = Base64.getDecoder().decode(header.substring(6).trim());
            return MessageDigest.isEqual(given,
                    (config.accountSid() + ":" + config.authToken()).getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The request body, read only up to {@link #MAX_BODY}; longer throws IllegalArgumentException. */
    static byte[] body(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            throw new IllegalArgumentException("request body over " + MAX_BODY / 1024 + " KiB");
        }
        return body;
    }

    /**
     * Whether a sandbox tool ({@code /sandbox/**}: faults, IVR walks, verification codes) may answer this client: one
     * on this machine always; another only with the tools token, when one is set.
     */
    static boolean toolsAllowed(HttpExchange exchange, String toolsToken) {
        var remote = exchange.getRemoteAddress();
        if (remote != null && remote.getAddress() != null && remote.getAddress().isLoopbackAddress()) {
            return true;
        }
        String given = exchange.getRequestHeaders().getFirst(TOOLS_TOKEN_HEADER);
        return toolsToken != null && !toolsToken.isEmpty() && given != null
                && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), toolsToken.getBytes(StandardCharsets.UTF_8));
    }

    /** 403 for a tool call {@link #toolsAllowed} refused; nothing of its body is read. */
    static void refuseTool(HttpExchange exchange) throws IOException {
        respond(exchange, 403, Map.of("error", "sandbox tools answer clients on this machine only; from elsewhere set"
                + " SWITCHBOARD_SANDBOX_TOOLS_TOKEN and send it in " + TOOLS_TOKEN_HEADER));
    }

    /** The form body; throws IllegalArgumentException when it is not a form. */
    static Map<String, List<String>> form(HttpExchange exchange) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        String body = new String(body(exchange), StandardCharsets.UTF_8);
        if (contentType == null || !contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
            throw new IllegalArgumentException("Content-Type must be application/x-www-form-urlencoded, was " + contentType);
        }
        return FormCodec.decode(body);
    }

    static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> q = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }

    static void respond(HttpExchange exchange, TwilioError error) throws IOException {
        if (error.status() == 429) {
            exchange.getResponseHeaders().set("Retry-After", "1");
        }
        respond(exchange, error.status(), error.body());
    }

    static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
