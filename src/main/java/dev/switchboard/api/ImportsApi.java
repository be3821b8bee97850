package dev.switchboard.api;

import dev.switchboard.domain.InvalidRequestException;
import dev.switchboard.file.FileImport;
import dev.switchboard.file.ImportStore;
import org.apache.camel.Exchange;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Handlers of {@code /api/v1/imports}: the files taken from the inbox and their progress, newest first. */
public final class ImportsApi {

    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 200;

    private final ImportStore imports;

    public ImportsApi(ImportStore imports) {
        this.imports = imports;
    }

    public void list(Exchange exchange) {
        var in = exchange.getMessage();
        int limit = MessagesApi.limit(in.getHeader("limit", String.class), DEFAULT_LIMIT, MAX_LIMIT);
        List<FileImport> rows = imports.list(cursor(in.getHeader("cursor", String.class)), limit + 1);
        boolean more = rows.size() > limit;
        List<FileImport> page = more ? rows.subList(0, limit) : rows;
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("items", page.stream().map(ImportsApi::toJson).toList());
        json.put("next", more ? String.valueOf(page.get(page.size() - 1).id()) : null);
        HttpReply.json(exchange, 200, json);
    }

    /** The newest import of the file with this name. */
    public void getOne(Exchange exchange) {
        String name = exchange.getMessage().getHeader("name", String.class);
        FileImport found = imports.latest(name)
                .orElseThrow(() -> new ApiError(404, "not_found", "name", "no import of a file named '" + name + "'"));
        HttpReply.json(exchange, 200, toJson(found));
    }

    private static Long cursor(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw InvalidRequestException.badRequest("invalid_cursor", "cursor", "'cursor' is not one this API returned");
        }
    }

    /** One import as the API shows it (the status page shows the same). */
    public static Map<String, Object> toJson(FileImport i) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", i.id());
        json.put("name", i.name());
        json.put("format", i.format());
        json.put("status", i.status());
        json.put("totalRows", i.totalRows());
        json.put("rows", i.rows());
        json.put("accepted", i.accepted());
        json.put("rejected", i.rejected());
        json.put("duplicates", i.duplicates());
        json.put("reason", i.reason());
        json.put("contentSha256", i.contentHash());
        json.put("attempts", i.attempts());
        json.put("startedAt", i.startedAt() == null ? null : i.startedAt().toString());
        json.put("finishedAt", i.finishedAt() == null ? null : i.finishedAt().toString());
        return json;
    }
}
