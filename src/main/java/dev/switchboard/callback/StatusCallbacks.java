package dev.switchboard.callback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.consent.SenderAlerts;
import dev.switchboard.domain.TwilioErrorCodes;
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

/** {@code POST /twilio/status}: a signed message status callback, recorded once, never moving a status backwards. */
public final class StatusCallbacks {

    private static final Logger LOG = LoggerFactory.getLogger(StatusCallbacks.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SignatureCheck signatures;
    private final StatusStore statuses;
    private final SenderAlerts alerts;

    public StatusCallbacks(SignatureCheck signatures, StatusStore statuses, SenderAlerts alerts) {
        this.signatures = signatures;
        this.statuses = statuses;
        this.alerts = alerts;
    }

    public void handle(Exchange exchange) {
        // The idempotency token commits with the status change: one transaction per callback.
        Optional<SignatureCheck.Verified> verified = signatures.verifiedOnce(exchange, "/twilio/status");
        if (verified.isEmpty()) {
            return;
        }
        Map<String, String> params = verified.get().params();
        String sid = first(params, "MessageSid", "SmsSid");
        String status = first(params, "MessageStatus", "SmsStatus");
        if (sid == null || status == null) {
            TwimlReply.text(exchange, 400, "MessageSid and MessageStatus are required");
            return;
        }
        Integer errorCode = FormParams.integer(params.get("ErrorCode"));
        StatusReport report = new StatusReport(sid, status.toLowerCase(), errorCode, describe(errorCode),
                toJson(params), dedupeKey(params));
        StatusStore.Outcome outcome = statuses.apply(report, "twilio-callback", verified.get().token());
        signatures.recorded(verified.get());
        if (outcome != StatusStore.Outcome.DUPLICATE) {
            alerts.raiseIfSenderBroken(params.getOrDefault("From", "unknown sender"), errorCode);
        }
        signatures.count("/twilio/status", outcome == StatusStore.Outcome.UNKNOWN_SID ? "unknown_sid" : "ok");
        if (outcome == StatusStore.Outcome.UNKNOWN_SID) {
            // Usually a callback that overtook the dispatcher's own write; applied when the SID is stored.
            LOG.info("Status callback for MessageSid {} ({}) before its SID is known: kept", sid, status);
        } else {
            LOG.debug("Status callback {} {}: {}", sid, status, outcome);
        }
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
