package dev.switchboard.sandbox;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One outbound call the sandbox placed: the create request's facts and the call's progress. */
final class SandboxCall {

    private static final DateTimeFormatter RFC_2822 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

    final String sid;
    final String accountSid;
    final String from;
    final String to;
    final String statusCallback;
    final List<String> events;
    final String outcome;
    private final Instant dateCreated;
    private String status = "queued";
    private Instant dateUpdated;
    private Instant startTime;
    private Instant endTime;

    SandboxCall(String sid, String accountSid, Map<String, List<String>> form, String outcome, Instant now) {
        this.sid = sid;
        this.accountSid = accountSid;
        this.from = FormCodec.first(form, "From");
        this.to = FormCodec.first(form, "To");
        this.statusCallback = FormCodec.first(form, "StatusCallback");
        this.events = form.getOrDefault("StatusCallbackEvent", List.of()).stream()
                .flatMap(v -> List.of(v.split(" ")).stream()).filter(v -> !v.isBlank()).toList();
        this.outcome = outcome;
        this.dateCreated = now;
        this.dateUpdated = now;
    }

    synchronized void advance(String next, Instant now) {
        status = next;
        dateUpdated = now;
        if ("in-progress".equals(next)) {
            startTime = now;
        }
        if (List.of("completed", "busy", "no-answer", "failed", "canceled").contains(next)) {
            endTime = now;
        }
    }

    synchronized String status() {
        return status;
    }

    /** Seconds between answer and end, as Twilio reports CallDuration. */
    synchronized long duration() {
        return startTime == null || endTime == null ? 0 : Math.max(1, endTime.getEpochSecond() - startTime.getEpochSecond());
    }

    synchronized Map<String, Object> toResource() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("account_sid", accountSid);
        json.put("answered_by", null);
        json.put("api_version", SandboxMessage.API_VERSION);
        json.put("caller_name", null);
        json.put("date_created", format(dateCreated));
        json.put("date_updated", format(dateUpdated));
        json.put("direction", "outbound-api");
        json.put("duration", endTime == null ? null : Long.toString(duration()));
        json.put("end_time", format(endTime));
        json.put("forwarded_from", null);
        json.put("from", from);
        json.put("from_formatted", from);
        json.put("group_sid", null);
        json.put("parent_call_sid", null);
        json.put("phone_number_sid", null);
        json.put("price", null);
        json.put("price_unit", "USD");
        json.put("queue_time", "0");
        json.put("sid", sid);
        json.put("start_time", format(startTime));
        json.put("status", status);
        String uri = "/2010-04-01/Accounts/" + accountSid + "/Calls/" + sid;
        json.put("subresource_uris", Map.of("recordings", uri + "/Recordings.json", "notifications",
                uri + "/Notifications.json"));
        json.put("to", to);
        json.put("to_formatted", to);
        json.put("trunk_sid", null);
        json.put("uri", uri + ".json");
        return json;
    }

    private static String format(Instant instant) {
        return instant == null ? null : RFC_2822.format(instant);
    }
}
