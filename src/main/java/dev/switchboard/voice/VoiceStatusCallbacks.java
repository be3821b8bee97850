package dev.switchboard.voice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.twilio.FormParams;
import dev.switchboard.twilio.SignatureCheck;
import dev.switchboard.callback.StatusCallbacks;
import dev.switchboard.twilio.TwimlReply;
import dev.switchboard.twilio.TwilioErrorCodes;
import dev.switchboard.store.CallStore;
import dev.switchboard.store.StatusReport;
import dev.switchboard.store.StatusStore;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code POST /twilio/voice/status}: a signed call progress callback (initiated, ringing, in-progress,
 * completed, busy, no-answer, failed, canceled), applied like a message status: once, never backwards.
 * A callback from a call that a retry replaced is kept in the history and changes nothing.
 */
public final class VoiceStatusCallbacks {

    private static final Logger LOG = LoggerFactory.getLogger(VoiceStatusCallbacks.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SignatureCheck signatures;
    private final StatusStore statuses;
    private final CallStore calls;

    public VoiceStatusCallbacks(SignatureCheck signatures, StatusStore statuses, CallStore calls) {
        this.signatures = signatures;
        this.statuses = statuses;
        this.calls = calls;
    }

    public void handle(Exchange exchange) {
        Optional<Map<String, String>> verified = signatures.verifiedParams(exchange, "/twilio/voice/status");
        if (verified.isEmpty()) {
            return;
        }
        Map<String, String> params = verified.get();
        String sid = params.get("CallSid");
        String status = params.get("CallStatus");
        if (sid == null || sid.isBlank() || status == null || status.isBlank()) {
            TwimlReply.text(exchange, 400, "CallSid and CallStatus are required");
            return;
        }
        status = status.trim().toLowerCase(Locale.ROOT);
        Integer errorCode = FormParams.integer(params.get("ErrorCode"));
        String dedupeKey = StatusCallbacks.dedupeKey(params);
        Optional<String> replaced = calls.replacedCall(sid);
        if (replaced.isPresent()) {
            calls.recordReplacedCallEvent(replaced.get(), sid, status, errorCode, dedupeKey);
            signatures.count("/twilio/voice/status", "ok");
            LOG.debug("Call status {} for replaced call {} kept as history", status, sid);
        } else {
            StatusStore.Outcome outcome = statuses.apply(new StatusReport(sid, status, errorCode, describe(errorCode),
                    toJson(params), dedupeKey));
            signatures.count("/twilio/voice/status", outcome == StatusStore.Outcome.UNKNOWN_SID ? "unknown_sid" : "ok");
            if (outcome == StatusStore.Outcome.UNKNOWN_SID) {
                LOG.info("Call status {} for CallSid {} before its SID is known (or an inbound call): kept", status, sid);
            } else {
                LOG.debug("Call status {} {}: {}", sid, status, outcome);
            }
        }
        TwimlReply.text(exchange, 200, "");
    }

    private static String describe(Integer code) {
        return code == null ? null : "Twilio error " + code + ": " + TwilioErrorCodes.lookup(code).description();
    }

    private static String toJson(Map<String, String> params) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(params));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("form parameters are plain strings", e);
        }
    }
}
