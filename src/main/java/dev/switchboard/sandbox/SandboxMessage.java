package dev.switchboard.sandbox;

import dev.switchboard.domain.Segments;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One stored outbound message: fixed facts from the create request plus a status that only moves forward. */
final class SandboxMessage {

    static final String API_VERSION = "2010-04-01";

    /** The pattern the Twilio SDK parses (DateConverter): two-digit day, numeric offset. */
    private static final DateTimeFormatter RFC_2822 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

    final String sid;
    final String accountSid;
    final String from;
    final String to;
    final String body;
    final String messagingServiceSid;
    final String statusCallback;
    private final int numSegments;
    private final int numMedia;
    private final Instant dateCreated;

    private String status;
    private Integer errorCode;
    private String errorMessage;
    private Instant dateUpdated;
    private Instant dateSent;

    private SandboxMessage(String sid, String accountSid, Map<String, List<String>> form, Instant now) {
        this.sid = sid;
        this.accountSid = accountSid;
        this.from = FormCodec.first(form, "From");
        this.to = FormCodec.first(form, "To");
        this.body = FormCodec.first(form, "Body");
        this.messagingServiceSid = FormCodec.first(form, "MessagingServiceSid");
        this.statusCallback = FormCodec.first(form, "StatusCallback");
        this.numSegments = body == null || body.isEmpty() ? 1 : Segments.of(body).count();
        this.numMedia = (int) form.getOrDefault("MediaUrl", List.of()).stream().filter(v -> !v.isBlank()).count();
        this.dateCreated = now;
        this.dateUpdated = now;
        this.status = messagingServiceSid == null ? "queued" : "accepted";
    }

    static SandboxMessage create(String sid, String accountSid, Map<String, List<String>> form, Instant now) {
        return new SandboxMessage(sid, accountSid, form, now);
    }

    /**
     * Moves to {@code next} unless the message is already at or past it, so a late "sent" never undoes
     * "delivered" (Twilio's record is not rewound by an out-of-order event).
     */
    synchronized boolean advance(String next, Integer nextErrorCode, String nextErrorMessage, Instant now) {
        if (rank(next) <= rank(status)) {
            return false;
        }
        status = next;
        errorCode = nextErrorCode;
        errorMessage = nextErrorMessage;
        dateUpdated = now;
        if (dateSent == null && rank(next) >= rank("sent")) {
            dateSent = now;
        }
        return true;
    }

    Instant dateCreated() {
        return dateCreated;
    }

    synchronized Instant dateSent() {
        return dateSent;
    }

    synchronized String status() {
        return status;
    }

    String uri() {
        return "/2010-04-01/Accounts/" + accountSid + "/Messages/" + sid + ".json";
    }

    /** Every property of the OpenAPI schema api.v2010.account.message, nulls included, as Twilio sends them. */
    synchronized Map<String, Object> toResource() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("account_sid", accountSid);
        json.put("api_version", API_VERSION);
        json.put("body", body == null ? "" : body);
        json.put("date_created", format(dateCreated));
        json.put("date_sent", format(dateSent));
        json.put("date_updated", format(dateUpdated));
        json.put("direction", "outbound-api");
        json.put("error_code", errorCode);
        json.put("error_message", errorMessage);
        json.put("from", from);
        json.put("messaging_service_sid", messagingServiceSid);
        json.put("num_media", Integer.toString(numMedia));
        json.put("num_segments", Integer.toString(numSegments));
        json.put("price", null);
        json.put("price_unit", "USD");
        json.put("sid", sid);
        json.put("status", status);
        json.put("subresource_uris", Map.of("media",
                "/2010-04-01/Accounts/" + accountSid + "/Messages/" + sid + "/Media.json"));
        json.put("to", to);
        json.put("uri", uri());
        return json;
    }

    private static String format(Instant instant) {
        return instant == null ? null : RFC_2822.format(instant);
    }

    private static int rank(String status) {
        return switch (status) {
            case "accepted", "scheduled", "queued" -> 0;
            case "sending" -> 1;
            case "sent" -> 2;
            default -> 3;
        };
    }
}
