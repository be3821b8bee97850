package dev.switchboard.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers Twilio's Messages endpoints (create, list and fetch) and Twilio-style 404s for everything else. */
final class MessagesApi implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(MessagesApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CREATE = Pattern.compile("^/2010-04-01/Accounts/([^/]+)/Messages\\.json$");
    private static final Pattern FETCH = Pattern.compile("^/2010-04-01/Accounts/([^/]+)/Messages/([^/]+)\\.json$");

    private final SandboxConfig config;
    private final SandboxState state;
    private final StatusCallbacks callbacks;
    private final byte[] expectedCredentials;

    MessagesApi(SandboxConfig config, SandboxState state, StatusCallbacks callbacks) {
        this.config = config;
        this.state = state;
        this.callbacks = callbacks;
        this.expectedCredentials = (config.accountSid() + ":" + config.authToken()).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            route(exchange);
        } catch (Exception e) {
            LOG.warn("Sandbox failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            respondQuietly(exchange, TwilioError.internal());
        } finally {
            exchange.close();
        }
    }

    private void route(HttpExchange exchange) throws IOException, InterruptedException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        Matcher create = CREATE.matcher(path);
        Matcher fetch = FETCH.matcher(path);
        if ("POST".equals(method) && create.matches()) {
            create(exchange, create.group(1));
        } else if ("GET".equals(method) && create.matches()) {
            list(exchange, create.group(1));
        } else if ("GET".equals(method) && fetch.matches()) {
            fetch(exchange, fetch.group(1), fetch.group(2), path);
        } else {
            respond(exchange, TwilioError.notFound(path));
        }
    }

    private void create(HttpExchange exchange, String accountSid) throws IOException, InterruptedException {
        state.createRequests.incrementAndGet();
        if (!authorised(exchange, accountSid)) {
            respond(exchange, TwilioError.authenticate()); // before reading the body: no work for a stranger
            return;
        }
        String body = new String(SandboxHttp.body(exchange), StandardCharsets.UTF_8);
        countByTo(body);
        if (config.latencyMillis() > 0) {
            // Holding a handler thread is the simple way to imitate a slow Twilio; size `threads` for it.
            Thread.sleep(config.latencyMillis());
        }
        Integer injected = state.takeInjectedFailure();
        if (injected != null) {
            respond(exchange, TwilioError.injected(injected));
            return;
        }
        Map<String, List<String>> form;
        try {
            form = readForm(exchange, body);
        } catch (IllegalArgumentException e) {
            respond(exchange, TwilioError.badRequest(CreateMessageRules.UNKNOWN_PARAMETER, e.getMessage()));
            return;
        }
        Optional<TwilioError> invalid = CreateMessageRules.check(form);
        if (invalid.isPresent()) {
            respond(exchange, invalid.get());
            return;
        }
        MessageFaults.Fault fault = state.faults.take();
        if (fault != null && !fault.create()) {
            Thread.sleep(fault.delayMillis());
            respond(exchange, TwilioError.injected(fault.httpStatus()));
            return;
        }
        SandboxState.Fate fate = state.decideFate();
        if (fate.serverError()) {
            respond(exchange, TwilioError.internal());
            return;
        }
        SandboxMessage message = SandboxMessage.create(fate.sid(), accountSid, form, Instant.now());
        state.store(message, form);
        Map<String, Object> resource = message.toResource();
        callbacks.start(message, fate);
        if (fault != null) {
            // Created, but the caller learns it late or not at all.
            Thread.sleep(fault.delayMillis());
            if (fault.httpStatus() != 201) {
                respond(exchange, TwilioError.injected(fault.httpStatus()));
                return;
            }
        }
        respond(exchange, 201, resource);
    }

    private void countByTo(String body) {
        try {
            String to = FormCodec.first(FormCodec.decode(body), "To");
            if (to != null) {
                state.createRequestsByTo.computeIfAbsent(to, t -> new java.util.concurrent.atomic.AtomicInteger())
                        .incrementAndGet();
            }
        } catch (IllegalArgumentException e) {
            // a malformed form is refused below
        }
    }

    private void list(HttpExchange exchange, String accountSid) throws IOException {
        if (!authorised(exchange, accountSid)) {
            respond(exchange, TwilioError.authenticate());
            return;
        }
        Map<String, String> query = SandboxHttp.query(exchange);
        String to = query.get("To");
        respond(exchange, 200, MessageListing.page(accountSid, to == null ? state.messages() : state.messagesTo(to), query));
    }

    private void fetch(HttpExchange exchange, String accountSid, String sid, String path) throws IOException {
        if (!authorised(exchange, accountSid)) {
            respond(exchange, TwilioError.authenticate());
            return;
        }
        SandboxMessage message = state.message(sid);
        if (message == null) {
            respond(exchange, TwilioError.notFound(path));
            return;
        }
        respond(exchange, 200, message.toResource());
    }

    private static Map<String, List<String>> readForm(HttpExchange exchange, String body) {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
            throw new IllegalArgumentException("Content-Type must be application/x-www-form-urlencoded, was "
                    + contentType);
        }
        try {
            return FormCodec.decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Malformed form body: " + e.getMessage(), e);
        }
    }

    private boolean authorised(HttpExchange exchange, String pathAccountSid) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)
                || !config.accountSid().equals(pathAccountSid)) {
            return false;
        }
        try {
            byte[] given = Base64.getDecoder().decode(header.substring(6).trim());
            return MessageDigest.isEqual(given, expectedCredentials);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void respond(HttpExchange exchange, TwilioError error) throws IOException {
        if (error.status() == 429) {
            exchange.getResponseHeaders().set("Retry-After", "1");
        }
        if (error.status() == 401) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"Twilio API\"");
        }
        respond(exchange, error.status(), error.body());
    }

    private static void respond(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(new LinkedHashMap<>(body));
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private void respondQuietly(HttpExchange exchange, TwilioError error) {
        try {
            respond(exchange, error);
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not report the failure; the response had probably started", e);
        }
    }
}
