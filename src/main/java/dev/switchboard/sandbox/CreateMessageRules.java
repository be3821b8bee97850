package dev.switchboard.sandbox;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Checks a create-message form the way Twilio does, including the magic test numbers, before anything is stored. */
final class CreateMessageRules {

    /** Our own code for a request Twilio would not understand; Twilio has no such code. */
    static final int UNKNOWN_PARAMETER = 21999;

    static final int MAX_BODY_CHARS = 1600;

    /**
     * The requestBody properties of createMessage in Twilio's OpenAPI description (twilio_api_v2010.json);
     * OpenApiContractTest fails when the two drift apart.
     */
    static final Set<String> PARAMETERS = Set.of(
            "To", "StatusCallback", "ApplicationSid", "MaxPrice", "ProvideFeedback", "Attempt", "ValidityPeriod",
            "ForceDelivery", "ContentRetention", "AddressRetention", "SmartEncoded", "PersistentAction",
            "TrafficType", "ShortenUrls", "ScheduleType", "SendAt", "SendAsMms", "ContentVariables", "RiskCheck",
            "From", "FallbackFrom", "MessagingServiceSid", "Body", "MediaUrl", "ContentSid");

    private static final String INVALID_FROM = "+15005550001";

    private CreateMessageRules() {
    }

    static Optional<TwilioError> check(Map<String, List<String>> form) {
        Set<String> unknown = new TreeSet<>(form.keySet());
        unknown.removeAll(PARAMETERS);
        if (!unknown.isEmpty()) {
            return bad(UNKNOWN_PARAMETER, "Unknown parameter " + String.join(", ", unknown.stream()
                    .map(name -> "'" + name + "'").toList())
                    + ": not part of Twilio's CreateMessageRequest (see twilio_api_v2010.json)");
        }
        String to = FormCodec.first(form, "To");
        String from = FormCodec.first(form, "From");
        String body = FormCodec.first(form, "Body");
        if (to == null) {
            return bad(21604, "A 'To' phone number is required.");
        }
        if (from == null && FormCodec.first(form, "MessagingServiceSid") == null) {
            return bad(21603, "A 'From' phone number is required.");
        }
        if (body == null && FormCodec.first(form, "MediaUrl") == null && FormCodec.first(form, "ContentSid") == null) {
            return bad(21602, "Message body is required.");
        }
        if (body != null && body.length() > MAX_BODY_CHARS) {
            return bad(21617, "The concatenated message body exceeds the 1600 character limit.");
        }
        if (INVALID_FROM.equals(from)) {
            return bad(21212, "The 'From' number " + from
                    + " is not a valid phone number, shortcode, or alphanumeric sender ID.");
        }
        return magicTo(to, from);
    }

    /** Twilio's test-credential numbers (FACTS.md) let callers rehearse each refusal without a real handset. */
    private static Optional<TwilioError> magicTo(String to, String from) {
        return switch (to) {
            case "+15005550001" -> bad(21211, "The 'To' number " + to + " is not a valid phone number.");
            case "+15005550002" -> bad(21612, "The 'To' phone number: " + to
                    + ", is not currently reachable using the 'From' phone number: " + from + " via SMS.");
            case "+15005550003" -> bad(21408, "Permission to send an SMS has not been enabled for the region "
                    + "indicated by the 'To' number: " + to + ".");
            case "+15005550004" -> bad(21610, "Attempt to send to unsubscribed recipient");
            case "+15005550009" -> bad(21614, "'To' number is not a valid mobile number");
            default -> Optional.empty();
        };
    }

    private static Optional<TwilioError> bad(int code, String message) {
        return Optional.of(TwilioError.badRequest(code, message));
    }
}
