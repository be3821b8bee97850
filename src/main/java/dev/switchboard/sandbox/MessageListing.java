package dev.switchboard.sandbox;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code GET …/Messages.json}: Twilio's list filters (To, From, and DateSent, DateSent&lt;, DateSent&gt; on
 * the GMT date of {@code date_sent}, day-granular, so a message not yet sent matches no DateSent filter),
 * newest first, in pages of PageSize (default 50, at most 1000) with Twilio's page URIs.
 */
final class MessageListing {

    private MessageListing() {
    }

    static Map<String, Object> page(String accountSid, Iterable<SandboxMessage> all, Map<String, String> query) {
        Predicate<SandboxMessage> filter = m -> accountSid.equals(m.accountSid);
        String to = query.get("To");
        String from = query.get("From");
        if (to != null) {
            filter = filter.and(m -> to.equals(m.to));
        }
        if (from != null) {
            filter = filter.and(m -> from.equals(m.from));
        }
        filter = filter.and(dateSent(query.get("DateSent"), 0)).and(dateSent(query.get("DateSent<"), -1))
                .and(dateSent(query.get("DateSent>"), 1));
        List<SandboxMessage> matching = new java.util.ArrayList<>();
        for (SandboxMessage m : all) {
            if (filter.test(m)) {
                matching.add(m);
            }
        }
        matching.sort(Comparator.comparing(SandboxMessage::dateCreated).reversed());
        int size = Math.max(1, Math.min(1000, parse(query.get("PageSize"), 50)));
        int page = Math.max(0, parse(query.get("Page"), 0));
        int start = Math.min(matching.size(), page * size);
        int end = Math.min(matching.size(), start + size);
        String base = "/2010-04-01/Accounts/" + accountSid + "/Messages.json";
        String filters = (to == null ? "" : "&To=" + FormCodec.encode(Map.of("x", to)).substring(2))
                + (from == null ? "" : "&From=" + FormCodec.encode(Map.of("x", from)).substring(2));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("end", Math.max(start, end - 1));
        json.put("first_page_uri", base + "?PageSize=" + size + "&Page=0" + filters);
        json.put("messages", matching.subList(start, end).stream().map(SandboxMessage::toResource).toList());
        json.put("next_page_uri", end < matching.size()
                ? base + "?PageSize=" + size + "&Page=" + (page + 1) + "&PageToken=PA" + (page + 1) + filters : null);
        json.put("page", page);
        json.put("page_size", size);
        json.put("previous_page_uri", page > 0
                ? base + "?PageSize=" + size + "&Page=" + (page - 1) + "&PageToken=PB" + (page - 1) + filters : null);
        json.put("start", start);
        json.put("uri", base + "?PageSize=" + size + "&Page=" + page + filters);
        return json;
    }

    /** {@code sign} 0: sent that day; -1: on or before it; 1: on or after it. Accepts a date or a date-time. */
    private static Predicate<SandboxMessage> dateSent(String value, int sign) {
        if (value == null || value.isBlank()) {
            return m -> true;
        }
        LocalDate day = LocalDate.parse(value.trim().substring(0, 10));
        return m -> {
            Instant sent = m.dateSent();
            if (sent == null) {
                return false;
            }
            int cmp = sent.atZone(ZoneOffset.UTC).toLocalDate().compareTo(day);
            return sign == 0 ? cmp == 0 : sign < 0 ? cmp <= 0 : cmp >= 0;
        };
    }

    private static int parse(String value, int fallback) {
        try {
            return value == null ? fallback : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
