package dev.switchboard.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Twilio's Calls endpoints (create and fetch): a call is placed, then its progress is played out with
 * signed status callbacks, in order, for the events the request asked for (completed always).
 */
final class CallsApi implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(CallsApi.class);
    static final Pattern CREATE = Pattern.compile("^/2010-04-01/Accounts/([^/]+)/Calls\\.json$");
    static final Pattern FETCH = Pattern.compile("^/2010-04-01/Accounts/([^/]+)/Calls/([^/]+)\\.json$");

    /** The requestBody properties of createCall in twilio_api_v2010.json (OpenApiContractTest keeps them equal). */
    static final Set<String> PARAMETERS = Set.of("ApplicationSid", "AsyncAmd", "AsyncAmdStatusCallback",
            "AsyncAmdStatusCallbackMethod", "Byoc", "CallReason", "CallToken", "CallerId", "ClientNotificationUrl",
            "FallbackMethod", "FallbackUrl", "From", "MachineDetection", "MachineDetectionSilenceTimeout",
            "MachineDetectionSpeechEndThreshold", "MachineDetectionSpeechThreshold", "MachineDetectionTimeout",
            "Method", "Record", "RecordingChannels", "RecordingStatusCallback", "RecordingStatusCallbackEvent",
            "RecordingStatusCallbackMethod", "RecordingTrack", "SendDigits", "SipAuthPassword", "SipAuthUsername",
            "StatusCallback", "StatusCallbackEvent", "StatusCallbackMethod", "TimeLimit", "Timeout", "To", "Trim",
            "Twiml", "Url");
    static final Set<String> EVENTS = Set.of("initiated", "ringing", "answered", "completed");

    /** Numbers whose calls end this way unless an outcome was queued for them: busy, no-answer, failed. */
    static final Map<String, String> OUTCOME_NUMBERS = Map.of("+15005550010", "busy", "+15005550011", "no-answer",
            "+15005550012", "failed");
    private static final String INVALID_TO = "+15005550001";

    private final SandboxConfig config;
    private final SandboxState state;
    private final SandboxCalls calls;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, SandboxCall> placed = new ConcurrentHashMap<>();

    CallsApi(SandboxConfig config, SandboxState state, SandboxCalls calls) {
        this.config = config;
        this.state = state;
        this.calls = calls;
    }

    static boolean handles(String path) {
        return CREATE.matcher(path).matches() || FETCH.matcher(path).matches();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            Matcher create = CREATE.matcher(path);
            Matcher fetch = FETCH.matcher(path);
            if ("POST".equals(exchange.getRequestMethod()) && create.matches()) {
                create(exchange, create.group(1));
            } else if ("GET".equals(exchange.getRequestMethod()) && fetch.matches()) {
                if (!SandboxHttp.authorised(exchange, config, fetch.group(1))) {
                    SandboxHttp.respond(exchange, TwilioError.authenticate());
                    return;
                }
                SandboxCall call = placed.get(fetch.group(2));
                if (call == null) {
                    SandboxHttp.respond(exchange, TwilioError.notFound(path));
                } else {
                    SandboxHttp.respond(exchange, 200, call.toResource());
                }
            } else {
                SandboxHttp.respond(exchange, TwilioError.notFound(path));
            }
        } catch (Exception e) {
            LOG.warn("Sandbox failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            try {
                SandboxHttp.respond(exchange, TwilioError.internal());
            } catch (IOException | RuntimeException ignored) {
                // the answer had started
            }
        } finally {
            exchange.close();
        }
    }

    private void create(HttpExchange exchange, String accountSid) throws IOException {
        calls.createRequests.incrementAndGet();
        Map<String, List<String>> form;
        try {
            form = SandboxHttp.form(exchange);
        } catch (IllegalArgumentException e) {
            SandboxHttp.respond(exchange, TwilioError.badRequest(CreateMessageRules.UNKNOWN_PARAMETER, e.getMessage()));
            return;
        }
        if (!SandboxHttp.authorised(exchange, config, accountSid)) {
            SandboxHttp.respond(exchange, TwilioError.authenticate());
            return;
        }
        Integer injected = state.takeInjectedFailure();
        if (injected != null) {
            SandboxHttp.respond(exchange, TwilioError.injected(injected));
            return;
        }
        TwilioError invalid = check(form);
        if (invalid != null) {
            SandboxHttp.respond(exchange, invalid);
            return;
        }
        byte[] id = new byte[16];
        random.nextBytes(id);
        String to = FormCodec.first(form, "To");
        String outcome = calls.nextOutcome(to).orElse(OUTCOME_NUMBERS.getOrDefault(to, "completed"));
        SandboxCall call = new SandboxCall("CA" + HexFormat.of().formatHex(id), accountSid, form, outcome, Instant.now());
        placed.put(call.sid, call);
        calls.created(call, form);
        SandboxHttp.respond(exchange, 201, call.toResource());
        calls.play(call);
    }

    private static TwilioError check(Map<String, List<String>> form) {
        Set<String> unknown = new TreeSet<>(form.keySet());
        unknown.removeAll(PARAMETERS);
        if (!unknown.isEmpty()) {
            return TwilioError.badRequest(CreateMessageRules.UNKNOWN_PARAMETER, "Unknown parameter "
                    + String.join(", ", unknown) + ": not part of Twilio's CreateCallRequest (see twilio_api_v2010.json)");
        }
        String to = FormCodec.first(form, "To");
        if (to == null) {
            return TwilioError.badRequest(21201, "No 'To' number is specified");
        }
        if (FormCodec.first(form, "From") == null) {
            return TwilioError.badRequest(21213, "No 'From' number is specified");
        }
        int instructions = (FormCodec.first(form, "Url") != null ? 1 : 0) + (FormCodec.first(form, "Twiml") != null ? 1 : 0)
                + (FormCodec.first(form, "ApplicationSid") != null ? 1 : 0);
        if (instructions != 1) {
            return TwilioError.badRequest(21205, "Url parameter is required (give exactly one of Url, Twiml, ApplicationSid)");
        }
        if (INVALID_TO.equals(to) || !to.matches("\\+[1-9][0-9]{6,14}|client:.+|sip:.+")) {
            return TwilioError.badRequest(21211, "The 'To' number " + to + " is not a valid phone number.");
        }
        for (String e : form.getOrDefault("StatusCallbackEvent", List.of())) {
            for (String event : e.split(" ")) {
                if (!event.isBlank() && !EVENTS.contains(event)) {
                    return TwilioError.badRequest(21626, "Invalid StatusCallbackEvent '" + event
                            + "': use initiated, ringing, answered or completed");
                }
            }
        }
        return null;
    }
}
