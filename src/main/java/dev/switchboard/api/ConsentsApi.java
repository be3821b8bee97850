package dev.switchboard.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.domain.Channel;
import dev.switchboard.domain.E164;
import dev.switchboard.domain.InvalidRequestException;
import dev.switchboard.store.Consent;
import dev.switchboard.store.ConsentStore;
import org.apache.camel.Exchange;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Handlers of {@code /api/v1/consents}: read a recipient's consent and history, change it, list by state. */
public final class ConsentsApi {

    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 200;
    private static final Set<String> STATES = Set.of(Consent.OPTED_IN, Consent.OPTED_OUT);

    private final ConsentStore consents;

    public ConsentsApi(ConsentStore consents) {
        this.consents = consents;
    }

    public void getOne(Exchange exchange) {
        String phone = phone(exchange);
        Map<String, Consent> current = new LinkedHashMap<>();
        consents.current(phone).forEach(c -> current.put(c.channel(), c));
        Map<String, Object> channels = new LinkedHashMap<>();
        for (Channel channel : Channel.values()) {
            Consent c = current.get(channel.wireName());
            channels.put(channel.wireName(), c == null ? Map.of("state", Consent.OPTED_IN, "source", "default") : json(c));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("phone", phone);
        body.put("channels", channels);
        body.put("history", consents.history(phone).stream().map(ConsentsApi::json).toList());
        HttpReply.json(exchange, 200, body);
    }

    public void put(Exchange exchange) {
        String phone = phone(exchange);
        JsonNode json = MessagesApi.readJson(exchange);
        if (!json.isObject()) {
            throw InvalidRequestException.badRequest("invalid_json", null, "request body must be a JSON object");
        }
        for (var names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!Set.of("channel", "state", "reason").contains(name)) {
                throw InvalidRequestException.badRequest("unknown_field", name, "'" + name + "' is not a field of a consent");
            }
        }
        Channel channel = Channel.parse(text(json, "channel", true));
        String state = text(json, "state", true);
        if (!STATES.contains(state)) {
            throw InvalidRequestException.unprocessable("invalid_state", "state", "'state' must be opted_in or opted_out");
        }
        String reason = text(json, "reason", false);
        Consent saved = consents.record(new Consent(phone, channel.wireName(), state, "api", reason, null, null, null));
        HttpReply.json(exchange, 200, json(saved));
    }

    public void list(Exchange exchange) {
        var in = exchange.getMessage();
        String state = in.getHeader("state", Consent.OPTED_OUT, String.class);
        if (!STATES.contains(state)) {
            throw InvalidRequestException.badRequest("invalid_state", "state", "'state' must be opted_in or opted_out");
        }
        int limit = MessagesApi.limit(in.getHeader("limit", String.class), DEFAULT_LIMIT, MAX_LIMIT);
        String[] after = cursor(in.getHeader("cursor", String.class));
        List<Consent> rows = consents.list(state, after[0], after[1], limit + 1);
        boolean more = rows.size() > limit;
        List<Consent> page = more ? rows.subList(0, limit) : rows;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page.stream().map(ConsentsApi::json).toList());
        body.put("next", more ? encode(page.get(page.size() - 1)) : null);
        HttpReply.json(exchange, 200, body);
    }

    private static String phone(Exchange exchange) {
        return E164.parse(exchange.getMessage().getHeader("phone", String.class), "phone").value();
    }

    private static String text(JsonNode json, String field, boolean required) {
        JsonNode v = json.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw InvalidRequestException.badRequest("missing_" + field, field, "'" + field + "' is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw InvalidRequestException.badRequest("invalid_" + field, field, "'" + field + "' must be a string");
        }
        return v.textValue();
    }

    static Map<String, Object> json(Consent c) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("phone", c.phone());
        json.put("channel", c.channel());
        json.put("state", c.state());
        json.put("source", c.source());
        json.put("reason", c.reason());
        json.put("keyword", c.keyword());
        json.put("sender", c.sender());
        json.put("at", c.at() == null ? null : c.at().toString());
        return json;
    }

    private static String encode(Consent last) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((last.phone() + "\n" + last.channel()).getBytes(StandardCharsets.UTF_8));
    }

    private static String[] cursor(String raw) {
        if (raw == null) {
            return new String[2];
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.UTF_8).split("\n", -1);
            if (parts.length == 2) {
                return parts;
            }
        } catch (IllegalArgumentException ignored) {
            // falls through to the error below
        }
        throw InvalidRequestException.badRequest("invalid_cursor", "cursor", "'cursor' is not one this API returned");
    }
}
