package dev.switchboard.callback;

import dev.switchboard.twilio.FormParams;
import dev.switchboard.twilio.TwimlReply;

import dev.switchboard.twilio.SignatureCheck;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.consent.SenderAlerts;
import dev.switchboard.twilio.TwilioErrorCodes;
import dev.switchboard.store.StatusReport;
import dev.switchboard.store.StatusStore;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code record-status} route's steps for {@code POST /twilio/status}, a signed message status callback:
 * verify, parse, apply (once, never moving a status backwards), reply.
 */
public final class StatusCallbacks {

    private static final Logger LOG = LoggerFactory.getLogger(StatusCallbacks.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEBHOOK = "switchboard.webhook";
    private static final String REPORT = "switchboard.statusReport";

    private final SignatureCheck signatures;
    private final StatusStore statuses;
    private final SenderAlerts alerts;

    public StatusCallbacks(SignatureCheck signatures, StatusStore statuses, SenderAlerts alerts) {
        this.signatures = signatures;
        this.statuses = statuses;
        this.alerts = alerts;
    }

    /** Signature and replay check: a forged (403) or already handled (200) delivery is answered, ending the route. */
    public void verify(Exchange exchange) {
        // The idempotency token commits with the status change (apply): one transaction per callback.
        Optional<SignatureCheck.Verified> verified = signatures.verifiedOnce(exchange, "/twilio/status");
        verified.ifPresent(v -> exchange.setProperty(WEBHOOK, v));
        exchange.setRouteStop(verified.isEmpty());
    }

    /** The status report in the callback; without SID or status it is answered 400 here, ending the route. */
    public void parse(Exchange exchange) {
        Map<String, String> params = exchange.getProperty(WEBHOOK, SignatureCheck.Verified.class).params();
        String sid = first(params, "MessageSid", "SmsSid");
        String status = first(params, "MessageStatus", "SmsStatus");
        if (sid == null || status == null) {
            TwimlReply.text(exchange, 400, "MessageSid and MessageStatus are required");
            exchange.setRouteStop(true);
            return;
        }
        Integer errorCode = FormParams.integer(params.get("ErrorCode"));
        exchange.setProperty(REPORT, new StatusReport(sid, status.toLowerCase(), errorCode, describe(errorCode),
                toJson(params), dedupeKey(params)));
    }

    /** Records the report once, never moving a status backwards; one kept for later when its SID is not known yet. */
    public void apply(Exchange exchange) {
        SignatureCheck.Verified verified = exchange.getProperty(WEBHOOK, SignatureCheck.Verified.class);
        StatusReport report = exchange.getProperty(REPORT, StatusReport.class);
        StatusStore.Outcome outcome = statuses.apply(report, "twilio-callback", verified.token());
        signatures.recorded(verified);
        if (outcome != StatusStore.Outcome.DUPLICATE) {
            alerts.raiseIfSenderBroken(verified.params().getOrDefault("From", "unknown sender"), report.errorCode());
        }
        signatures.count("/twilio/status", outcome == StatusStore.Outcome.UNKNOWN_SID ? "unknown_sid" : "ok");
        if (outcome == StatusStore.Outcome.UNKNOWN_SID) {
            // Usually a callback that overtook the dispatcher's own write; applied when the SID is stored.
            LOG.info("Status callback for MessageSid {} ({}) before its SID is known: kept", report.twilioSid(),
                    report.status());
        } else {
            LOG.debug("Status callback {} {}: {}", report.twilioSid(), report.status(), outcome);
        }
    }

    /** Twilio needs only a 2xx; the body is empty. */
    public void reply(Exchange exchange) {
        TwimlReply.text(exchange, 200, "");
    }

    private static String describe(Integer code) {
        return code == null ? null : "Twilio error " + code + ": " + TwilioErrorCodes.lookup(code).description();
    }

    private static String first(Map<String, String> params, String name, String fallback) {
        String value = params.get(name);
        return value != null && !value.isBlank() ? value : params.get(fallback);
    }

    /** The same callback (a replay, or Twilio's retry) always hashes to the same key. */
    public static String dedupeKey(Map<String, String> params) {
        StringBuilder canonical = new StringBuilder();
        new TreeMap<>(params).forEach((k, v) -> canonical.append(k.length()).append(':').append(k)
                .append(v.length()).append(':').append(v));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return "cb:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    private static String toJson(Map<String, String> params) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(params));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("form parameters are plain strings", e);
        }
    }
}
