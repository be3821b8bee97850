package dev.switchboard.connect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.domain.InvalidRequestException;
import dev.switchboard.security.SafeJson;
import dev.switchboard.store.StoreException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For a connector's error route: turns a refused input into the JSON a source's error channel carries,
 * {@code {"error":{"code","message","field"},"source","payload"}}, the payload kept as it came for inspection.
 */
public final class ConnectorErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorErrors.class);
    private static final int MAX_PAYLOAD_CHARS = 65_536;

    /**
     * For a connector's {@code onWhen}: the database is down or rolled the transaction back, so the input is fine and
     * must be retried, not refused. Any other database failure is refused like bad input (never retried for ever).
     */
    public boolean databaseTrouble(Exchange exchange) {
        for (Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class); t != null; t = t.getCause()) {
            if (t instanceof StoreException store) {
                return store.passing();
            }
        }
        return false;
    }

    /** Sets the body to that JSON (use with {@code useOriginalMessage: true}); logs one line with the reason. */
    public String describe(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ObjectNode out = SafeJson.MAPPER.createObjectNode();
        ObjectNode error = out.putObject("error");
        if (failure instanceof InvalidRequestException invalid) {
            error.put("code", invalid.code());
            error.put("message", invalid.getMessage());
            error.put("field", invalid.field());
        } else {
            error.put("code", "unreadable_input");
            error.put("message", failure == null ? "unknown failure" : String.valueOf(failure.getMessage()));
        }
        String source = exchange.getFromRouteId();
        out.put("source", source);
        String payload = exchange.getMessage().getBody(String.class);
        if (payload != null && payload.length() > MAX_PAYLOAD_CHARS) {
            payload = payload.substring(0, MAX_PAYLOAD_CHARS);
            out.put("truncated", true);
        }
        out.put("payload", payload);
        LOG.warn("Refused input from route {}: {} ({})", source, error.path("message").asText(), error.path("code").asText());
        return out.toString();
    }
}
