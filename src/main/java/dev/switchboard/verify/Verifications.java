package dev.switchboard.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.verify.v2.service.Verification;
import com.twilio.rest.verify.v2.service.VerificationCheck;
import dev.switchboard.api.ApiError;
import dev.switchboard.api.HttpReply;
import dev.switchboard.api.MessagesApi;
import dev.switchboard.twilio.TwilioErrorCodes;
import dev.switchboard.twilio.TwilioFailure;
import dev.switchboard.domain.Destinations;
import dev.switchboard.domain.E164;
import dev.switchboard.domain.InvalidRequestException;
import dev.switchboard.observe.Meters;
import dev.switchboard.store.LimitStore;
import dev.switchboard.store.Refusal;
import dev.switchboard.store.VerificationStore;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CircuitBreakerConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code POST /api/v1/verifications} and {@code /check}: Twilio Verify v2 through the SDK on camel-twilio's
 * {@code TwilioRestClient}, called inside the Twilio circuit breaker. Our own per-recipient send limit comes
 * first; every start and check is recorded for audit. The code is never stored, logged or echoed.
 */
public final class Verifications {

    private static final Logger LOG = LoggerFactory.getLogger(Verifications.class);
    static final String REQUEST = "switchboard.verifyRequest";
    static final String RESULT = "switchboard.verifyResult";
    static final String FAILURE = "switchboard.verifyFailure";
    private static final Set<String> CHANNELS = Set.of("sms", "call", "whatsapp", "email");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,255}\\.[^@\\s]{1,63}");
    private static final Pattern LOCALE = Pattern.compile("[a-z]{2}(-[A-Za-z]{2})?");
    private static final Pattern CODE = Pattern.compile("[0-9A-Za-z]{4,10}");

    private final Destinations destinations;
    private final TwilioRestClient client;
    private final String serviceSid;
    private final VerificationStore store;
    private final int maxSends;
    private final Duration window;
    private final Clock clock;
    private final LimitStore limits;
    private final Meters meters;

    public Verifications(TwilioRestClient client, String serviceSid, VerificationStore store, int maxSends,
                         Duration window, Clock clock) {
        this(client, serviceSid, store, maxSends, window, clock, Destinations.ALL, null, Meters.NONE);
    }

    /**
     * @param destinations codes go by SMS, voice or WhatsApp only to these countries (email is not checked)
     * @param limits       the account's velocity limits, which count every start but email ones; {@code null}: none
     */
    public Verifications(TwilioRestClient client, String serviceSid, VerificationStore store, int maxSends,
                         Duration window, Clock clock, Destinations destinations, LimitStore limits, Meters meters) {
        this.limits = limits;
        this.meters = meters;
        this.destinations = destinations == null ? Destinations.ALL : destinations;
        this.client = client;
        this.serviceSid = serviceSid;
        this.store = store;
        this.maxSends = maxSends;
        this.window = window;
        this.clock = clock;
    }

    /** Validates a start and applies our per-recipient limit, before anything reaches Twilio. */
    public void startRequest(Exchange exchange) {
        configured();
        JsonNode json = readObject(exchange, Set.of("to", "channel", "locale"));
        String channel = optional(json, "channel", "sms");
        if (!CHANNELS.contains(channel)) {
            throw InvalidRequestException.unprocessable("invalid_channel", "channel",
                    "'channel' must be one of sms, call, whatsapp, email: got '" + channel + "'");
        }
        String to = recipient(json, channel);
        if (!"email".equals(channel)) {
            destinations.check(to, "to", channel);
        }
        String locale = optional(json, "locale", null);
        if (locale != null && !LOCALE.matcher(locale).matches()) {
            throw InvalidRequestException.badRequest("invalid_locale", "locale", "'locale' must be a language such as en or pt-BR");
        }
        if (store.sendsWithin(to, window) >= maxSends) {
            store.record(to, "start", channel, "refused", null, false);
            Instant oldest = store.oldestSendWithin(to, window);
            long wait = oldest == null ? 60 : Math.max(1, Duration.between(clock.instant(), oldest.plus(window)).toSeconds());
            LOG.warn("Verification for {} refused: {} sends within {} (SWITCHBOARD_VERIFY_MAX_SENDS)", mask(to),
                    maxSends, window);
            ApiError limit = new ApiError(429, "too_many_verifications", "to", "at most " + maxSends
                    + " verifications may be sent to one recipient within " + window.toMinutes() + " minutes; try again in "
                    + wait + " s");
            exchange.setProperty("switchboard.retryAfter", wait);
            throw limit;
        }
        // After the per-recipient limit: a start that limit refuses is not counted towards the destination's.
        if (!"email".equals(channel) && limits != null) {
            Refusal refusal = limits.verifyStart(to);
            if (refusal != null) {
                meters.limitRefusal(refusal.code(), refusal.scope());
                store.record(to, "start", channel, "refused", null, false);
                LOG.warn("Verification for {} refused: {} ({})", mask(to), refusal.code(), refusal.scope());
                throw InvalidRequestException.overLimit(refusal.code(), "to", refusal.message(),
                        refusal.retryAfterSeconds());
            }
        }
        hold(exchange, new VerifyRequest(to, channel, locale, null));
    }

    /** Validates a check; the code travels only inside the exchange property, never in the body or headers. */
    public void checkRequest(Exchange exchange) {
        configured();
        JsonNode json = readObject(exchange, Set.of("to", "code"));
        String to = recipient(json, json.path("to").asText("").contains("@") ? "email" : "sms");
        String code = optional(json, "code", null);
        if (code == null || !CODE.matcher(code).matches()) {
            throw InvalidRequestException.badRequest("invalid_code", "code", "'code' must be 4 to 10 letters or digits");
        }
        hold(exchange, new VerifyRequest(to, null, null, code));
    }

    private void configured() {
        if (serviceSid == null) {
            throw new ApiError(503, "verify_not_configured", null, "Twilio Verify is not configured: set TWILIO_VERIFY_SID");
        }
    }

    /** Inside the breaker: starts the verification at Twilio. */
    public void callStart(Exchange exchange) {
        VerifyRequest r = exchange.getProperty(REQUEST, VerifyRequest.class);
        var creator = Verification.creator(serviceSid, r.to(), r.channel());
        if (r.locale() != null) {
            creator.setLocale(r.locale());
        }
        Verification v = creator.create(client);
        exchange.setProperty(RESULT, v.getStatus());
    }

    /** Inside the breaker: checks the code at Twilio. */
    public void callCheck(Exchange exchange) {
        VerifyRequest r = exchange.getProperty(REQUEST, VerifyRequest.class);
        VerificationCheck check = VerificationCheck.creator(serviceSid).setTo(r.to()).setCode(r.code()).create(client);
        exchange.setProperty(RESULT, check.getStatus());
    }

    /** The breaker's fallback: keep what went wrong (or that the breaker is open) for the answer. */
    public void fallback(Exchange exchange) {
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        boolean open = Boolean.TRUE.equals(exchange.getProperty(CircuitBreakerConstants.RESPONSE_SHORT_CIRCUITED,
                Boolean.class));
        exchange.setProperty(FAILURE, failure != null ? failure
                : new IllegalStateException(open ? "circuit breaker open" : "no answer from Twilio"));
        exchange.setException(null);
    }

    /** 202 {"status":"pending","channel","to"} once Twilio sent the code; otherwise a mapped error. */
    public void startAnswer(Exchange exchange) {
        VerifyRequest r = exchange.getProperty(REQUEST, VerifyRequest.class);
        Throwable failure = exchange.getProperty(FAILURE, Throwable.class);
        if (failure != null) {
            ApiError error = mapped(failure, r, "start");
            store.record(r.to(), "start", r.channel(), error.code(), twilioCode(failure), reachedTwilio(failure));
            throw error;
        }
        String status = exchange.getProperty(RESULT, String.class);
        store.record(r.to(), "start", r.channel(), status, null, true);
        LOG.info("Verification started for {} by {}: {}", mask(r.to()), r.channel(), status);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", status);
        json.put("channel", r.channel());
        json.put("to", r.to());
        HttpReply.json(exchange, 202, json);
    }

    /** 200 {"status": approved | pending | canceled | max_attempts_reached | expired}; otherwise a mapped error. */
    public void checkAnswer(Exchange exchange) {
        VerifyRequest r = exchange.getProperty(REQUEST, VerifyRequest.class);
        Throwable failure = exchange.getProperty(FAILURE, Throwable.class);
        if (failure != null) {
            ApiError error = mapped(failure, r, "check");
            store.record(r.to(), "check", null, error.code(), twilioCode(failure), reachedTwilio(failure));
            throw error;
        }
        String status = exchange.getProperty(RESULT, String.class);
        store.record(r.to(), "check", null, status, null, true);
        LOG.info("Verification check for {}: {}", mask(r.to()), status);
        HttpReply.json(exchange, 200, Map.of("status", status));
    }

    /** Twilio's Verify errors as API errors; Twilio's own text is passed on only for a start (a check's could hold the code). */
    private static ApiError mapped(Throwable failure, VerifyRequest r, String kind) {
        TwilioFailure f = TwilioFailure.classify(failure);
        Integer code = f.errorCode();
        if (code != null && code == TwilioErrorCodes.VERIFY_INVALID_PARAMETER) {
            return new ApiError(400, "invalid_parameter", null, "Twilio Verify refused a parameter"
                    + ("start".equals(kind) ? ": " + f.message() : ""));
        }
        if (code != null && code == TwilioErrorCodes.VERIFY_MAX_CHECKS) {
            return new ApiError(429, "too_many_checks", "code", "too many wrong codes: this verification is locked;"
                    + " start a new one after it expires");
        }
        if (code != null && code == TwilioErrorCodes.VERIFY_MAX_SENDS) {
            return new ApiError(429, "too_many_sends", "to", "Twilio Verify sent this recipient too many codes;"
                    + " try again in 10 minutes");
        }
        if (code != null && code == TwilioErrorCodes.NOT_FOUND) {
            return new ApiError(404, "verification_not_found", "to", "no pending verification for " + r.to()
                    + ": it expired, was already approved, or was never started");
        }
        if (f.kind() == TwilioFailure.Kind.BREAKER_OPEN || "circuit breaker open".equals(failure.getMessage())) {
            return new ApiError(503, "twilio_unavailable", null, "Twilio is unavailable (circuit breaker open);"
                    + " nothing was sent, try again later");
        }
        if (f.kind() == TwilioFailure.Kind.TRANSIENT || f.kind() == TwilioFailure.Kind.SLOW_DOWN) {
            LOG.warn("Verification {} for {} failed transiently: {}", kind, mask(r.to()),
                    f.httpStatus() == null ? "no answer" : "HTTP " + f.httpStatus() + " Twilio " + code);
            return new ApiError(503, "twilio_unavailable", null, "Twilio did not answer; try again later");
        }
        LOG.warn("Verification {} for {} refused by Twilio {} (HTTP {})", kind, mask(r.to()), code, f.httpStatus());
        return new ApiError(502, "twilio_refused", null, "Twilio Verify refused the request (error " + code + ")");
    }

    private static Integer twilioCode(Throwable failure) {
        return TwilioFailure.classify(failure).errorCode();
    }

    private static boolean reachedTwilio(Throwable failure) {
        return failure instanceof ApiException || failure.getCause() instanceof ApiException;
    }

    /** The request stays in a property; the body (which holds the code on a check) and headers are dropped. */
    private static void hold(Exchange exchange, VerifyRequest r) {
        exchange.setProperty(REQUEST, r);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setBody(null);
    }

    private static JsonNode readObject(Exchange exchange, Set<String> fields) {
        JsonNode json = MessagesApi.readJson(exchange);
        if (!json.isObject()) {
            throw InvalidRequestException.badRequest("invalid_json", null, "request body must be a JSON object");
        }
        json.fieldNames().forEachRemaining(name -> {
            if (!fields.contains(name)) {
                throw InvalidRequestException.badRequest("unknown_field", name, "'" + name + "' is not a field here");
            }
        });
        return json;
    }

    private static String optional(JsonNode json, String field, String fallback) {
        JsonNode v = json.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual()) {
            throw InvalidRequestException.badRequest("invalid_" + field, field, "'" + field + "' must be a string");
        }
        return v.textValue();
    }

    private static String recipient(JsonNode json, String channel) {
        String to = optional(json, "to", null);
        if (to == null) {
            throw InvalidRequestException.badRequest("missing_to", "to", "'to' is required");
        }
        if ("email".equals(channel)) {
            if (!EMAIL.matcher(to).matches()) {
                throw InvalidRequestException.unprocessable("invalid_to", "to", "'to' must be an email address for channel email");
            }
            return to.trim();
        }
        return E164.parse(to, "to").value();
    }

    private static String mask(String to) {
        return to.length() <= 8 ? "•••" : to.substring(0, 5) + "•••" + to.substring(to.length() - 4);
    }
}
