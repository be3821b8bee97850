package dev.switchboard.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Twilio Verify v2 as the sandbox plays it: start (a six-digit code, the same one resent while pending),
 * check, Twilio's statuses and limits (5 sends and 5 checks per verification within 10 minutes, then
 * 60203 / 60202; an expired, approved or unknown verification is 20404). Codes are never logged.
 */
final class VerifyApi implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(VerifyApi.class);
    private static final Pattern START = Pattern.compile("^/v2/Services/(VA[0-9a-fA-F]{32})/Verifications$");
    private static final Pattern CHECK = Pattern.compile("^/v2/Services/(VA[0-9a-fA-F]{32})/VerificationCheck$");
    static final Set<String> START_PARAMETERS = Set.of("Amount", "AppHash", "Channel", "ChannelConfiguration",
            "CustomCode", "CustomFriendlyName", "CustomMessage", "DeviceIp", "EnableSnaClientToken", "Locale", "Payee",
            "RateLimits", "RiskCheck", "SendDigits", "Tags", "TemplateCustomSubstitutions", "TemplateSid", "To");
    static final Set<String> CHECK_PARAMETERS = Set.of("Amount", "Code", "Payee", "SnaClientToken", "To",
            "VerificationSid");
    static final Set<String> CHANNELS = Set.of("sms", "call", "email", "whatsapp");
    static final int MAX_SENDS = 5;
    static final int MAX_CHECKS = 5;
    static final Duration TTL = Duration.ofMinutes(10);

    /** One verification while it can still be checked. */
    static final class Pending {
        final String sid;
        final String serviceSid;
        final String to;
        String channel;
        final String code;
        final Instant created;
        final List<Map<String, Object>> sends = new ArrayList<>();
        Instant updated;
        int checks;
        String status = "pending";
        boolean expired;

        Pending(String sid, String serviceSid, String to, String channel, String code, Instant now) {
            this.sid = sid;
            this.serviceSid = serviceSid;
            this.to = to;
            this.channel = channel;
            this.code = code;
            this.created = now;
            this.updated = now;
        }

        boolean live(Instant now) {
            return !expired && now.isBefore(created.plus(TTL));
        }
    }

    private final SandboxConfig config;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Pending> byTo = new ConcurrentHashMap<>();

    VerifyApi(SandboxConfig config) {
        this.config = config;
    }

    /** The live verification for a recipient (any service), for the sandbox-only code endpoint. */
    Optional<Pending> pending(String to) {
        Instant now = Instant.now();
        return byTo.values().stream().filter(p -> p.to.equals(to) && p.live(now)).findFirst();
    }

    /** Ends a recipient's verification as if its ten minutes had passed. */
    boolean expire(String to) {
        Optional<Pending> p = pending(to);
        p.ifPresent(v -> v.expired = true);
        return p.isPresent();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            Matcher start = START.matcher(path);
            Matcher check = CHECK.matcher(path);
            if (!"POST".equals(exchange.getRequestMethod()) || !(start.matches() || check.matches())) {
                SandboxHttp.respond(exchange, TwilioError.notFound(path));
                return;
            }
            Map<String, List<String>> form = SandboxHttp.form(exchange);
            if (!SandboxHttp.authorised(exchange, config, null)) {
                SandboxHttp.respond(exchange, TwilioError.authenticate());
                return;
            }
            synchronized (this) {
                if (start.matches()) {
                    start(exchange, start.group(1), form);
                } else {
                    check(exchange, check.group(1), form, path);
                }
            }
        } catch (IllegalArgumentException e) {
            SandboxHttp.respond(exchange, invalid(e.getMessage()));
        } catch (Exception e) {
            LOG.warn("Sandbox Verify failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
            try {
                SandboxHttp.respond(exchange, TwilioError.internal());
            } catch (IOException | RuntimeException ignored) {
                // the answer had started
            }
        } finally {
            exchange.close();
        }
    }

    private void start(HttpExchange exchange, String service, Map<String, List<String>> form) throws IOException {
        unknown(form, START_PARAMETERS);
        String to = FormCodec.first(form, "To");
        String channel = FormCodec.first(form, "Channel");
        if (channel == null || !CHANNELS.contains(channel)) {
            throw new IllegalArgumentException("Invalid parameter `Channel`: " + channel);
        }
        if (to == null || !("email".equals(channel) ? to.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")
                : to.matches("\\+[1-9][0-9]{6,14}"))) {
            throw new IllegalArgumentException("Invalid parameter `To`: " + to);
        }
        Instant now = Instant.now();
        String key = service + "|" + to;
        Pending p = byTo.get(key);
        if (p == null || !p.live(now) || !"pending".equals(p.status)) {
            p = new Pending("VE" + hex(), service, to, channel, code(), now);
            byTo.put(key, p);
        }
        if (p.sends.size() >= MAX_SENDS) {
            SandboxHttp.respond(exchange, new TwilioError(429, 60203, "Max send attempts reached"));
            return;
        }
        p.channel = channel;
        p.updated = now;
        Map<String, Object> send = new LinkedHashMap<>();
        send.put("attempt_sid", "VL" + hex());
        send.put("channel", channel);
        send.put("time", DateTimeFormatter.ISO_INSTANT.format(now));
        p.sends.add(send);
        SandboxHttp.respond(exchange, 201, verification(p));
    }

    private void check(HttpExchange exchange, String service, Map<String, List<String>> form, String path)
            throws IOException {
        unknown(form, CHECK_PARAMETERS);
        String to = FormCodec.first(form, "To");
        String sid = FormCodec.first(form, "VerificationSid");
        String code = FormCodec.first(form, "Code");
        if (code == null || !code.matches("[0-9A-Za-z]{4,10}")) {
            throw new IllegalArgumentException("Invalid parameter: Code");
        }
        if (to == null && sid == null) {
            throw new IllegalArgumentException("Either a 'To' number or 'VerificationSid' must be specified");
        }
        Instant now = Instant.now();
        Pending p = to != null ? byTo.get(service + "|" + to)
                : byTo.values().stream().filter(v -> v.sid.equals(sid)).findFirst().orElse(null);
        if (p == null || !p.live(now) || "approved".equals(p.status) || "canceled".equals(p.status)) {
            SandboxHttp.respond(exchange, new TwilioError(404, 20404, "The requested resource " + path + " was not found"));
            return;
        }
        if (p.checks >= MAX_CHECKS) {
            SandboxHttp.respond(exchange, new TwilioError(429, 60202, "Max check attempts reached"));
            return;
        }
        p.checks++;
        p.updated = now;
        if (p.code.equals(code)) {
            p.status = "approved";
        } else if (p.checks >= MAX_CHECKS) {
            p.status = "max_attempts_reached";
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("account_sid", config.accountSid());
        json.put("amount", null);
        json.put("channel", p.channel);
        json.put("date_created", DateTimeFormatter.ISO_INSTANT.format(p.created));
        json.put("date_updated", DateTimeFormatter.ISO_INSTANT.format(p.updated));
        json.put("payee", null);
        json.put("service_sid", p.serviceSid);
        json.put("sid", p.sid);
        json.put("sna_attempts_error_codes", List.of());
        json.put("status", p.status);
        json.put("to", p.to);
        json.put("valid", "approved".equals(p.status));
        SandboxHttp.respond(exchange, 200, json);
    }

    private Map<String, Object> verification(Pending p) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("account_sid", config.accountSid());
        json.put("amount", null);
        json.put("channel", p.channel);
        json.put("date_created", DateTimeFormatter.ISO_INSTANT.format(p.created));
        json.put("date_updated", DateTimeFormatter.ISO_INSTANT.format(p.updated));
        json.put("lookup", Map.of());
        json.put("payee", null);
        json.put("send_code_attempts", List.copyOf(p.sends));
        json.put("service_sid", p.serviceSid);
        json.put("sid", p.sid);
        json.put("sna", null);
        json.put("status", p.status);
        json.put("to", p.to);
        json.put("url", "https://verify.twilio.com/v2/Services/" + p.serviceSid + "/Verifications/" + p.sid);
        json.put("valid", false);
        return json;
    }

    private static void unknown(Map<String, List<String>> form, Set<String> allowed) {
        Set<String> unknown = new TreeSet<>(form.keySet());
        unknown.removeAll(allowed);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Unknown parameter " + String.join(", ", unknown));
        }
    }

    private static TwilioError invalid(String message) {
        return new TwilioError(400, 60200, message);
    }

    private String code() {
        return String.format("%06d", random.nextInt(1_000_000));
    }

    private String hex() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
