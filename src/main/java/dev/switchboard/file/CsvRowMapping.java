package dev.switchboard.file;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.domain.InvalidRequestException;
import dev.switchboard.domain.Priority;
import dev.switchboard.domain.RequestJson;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maps a CSV row to a message request by the API's own rules ({@link RequestJson}): columns {@code to},
 * {@code body}, optional {@code channel}, {@code from}, {@code sendAt}, {@code priority}, {@code idempotencyKey} (names in
 * any case), and every other named column as a tag. Empty cells count as absent.
 */
public final class CsvRowMapping {

    private static final Map<String, String> FIELDS = Map.of("to", "to", "body", "body", "channel", "channel",
            "from", "from", "sendat", "sendAt", "idempotencykey", "idempotencyKey", "priority", "priority");
    private static final String TAG = "tag";

    private final List<String> names;
    private final String[] roles;
    private final Clock clock;
    private final Priority defaultPriority;

    /** @throws UnreadableFileException when the header has no {@code to} or {@code body} column, or one twice */
    public CsvRowMapping(List<String> header, Clock clock) {
        this(header, clock, Priority.TRANSACTIONAL);
    }

    /** @param defaultPriority a row's priority when its {@code priority} cell is empty or there is no such column */
    public CsvRowMapping(List<String> header, Clock clock, Priority defaultPriority) {
        this.clock = clock;
        this.defaultPriority = defaultPriority;
        this.names = new ArrayList<>(header.size());
        this.roles = new String[header.size()];
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i) == null ? "" : header.get(i).strip();
            names.add(name);
            String field = FIELDS.get(name.toLowerCase(Locale.ROOT));
            roles[i] = name.isEmpty() ? null : field == null ? TAG : field;
            if (field != null && !seen.add(field)) {
                throw new UnreadableFileException("the header names the column '" + field + "' twice");
            }
        }
        for (String required : List.of("to", "body")) {
            if (!seen.contains(required)) {
                throw new UnreadableFileException("the first line must be a header naming the columns, and it has no '"
                        + required + "' column (columns: to, body, optional channel, from, sendAt, priority, idempotencyKey;"
                        + " any other column becomes a tag)");
            }
        }
    }

    /** The header as read (trimmed), for the errors file. */
    public List<String> names() {
        return names;
    }

    /**
     * @param derivedKey the row's idempotency key when it has no {@code idempotencyKey} cell of its own
     */
    public Row map(long number, List<String> cells, String derivedKey) {
        if (cells.size() > roles.length) {
            return Row.refused(number, "invalid_row", "the row has " + cells.size() + " values but the header names "
                    + roles.length + " columns (a quote missing?)", cells);
        }
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        ObjectNode tags = JsonNodeFactory.instance.objectNode();
        String key = null;
        for (int i = 0; i < cells.size(); i++) {
            String value = cells.get(i);
            String role = roles[i];
            // An unnamed column is ignored; an empty cell is absent (a blank body is kept: RequestJson calls it empty).
            if (role == null || value.isEmpty() || (value.isBlank() && !"body".equals(role))) {
                continue;
            }
            switch (role) {
                case TAG -> tags.put(names.get(i), value);
                case "body" -> json.put("body", value);
                case "idempotencyKey" -> key = value.strip();
                default -> json.put(role, value.strip());
            }
        }
        if (!tags.isEmpty()) {
            json.set("tags", tags);
        }
        if (!json.has("priority")) {
            json.put("priority", defaultPriority.wireName());
        }
        try {
            String idempotencyKey = key == null ? derivedKey : IdempotencyKeys.given(key);
            return Row.ok(number, RequestJson.parse(json, idempotencyKey, "file", clock), cells);
        } catch (InvalidRequestException e) {
            return Row.refused(number, e.code(), e.getMessage(), cells);
        }
    }
}
