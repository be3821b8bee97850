package dev.switchboard.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;

import java.util.LinkedHashMap;
import java.util.Map;

/** Writes a JSON answer, dropping every other header so no Camel header leaks into the response. */
public final class HttpReply {

    public static final ObjectMapper JSON = new ObjectMapper();

    private HttpReply() {
    }

    public static void json(Exchange exchange, int status, Object body) {
        var msg = exchange.getMessage();
        msg.removeHeaders("*");
        msg.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        msg.setHeader(Exchange.CONTENT_TYPE, "application/json");
        try {
            msg.setBody(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("responses are maps of plain values", e);
        }
    }

    static void error(Exchange exchange, int status, String code, String field, String message) {
        json(exchange, status, errorBody(code, field, message));
    }

    /** {@code {"error":{"code","message","field"}}}: the whole answer of a failed call, or one item's in a batch. */
    static Map<String, Object> errorBody(String code, String field, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("field", field);
        return Map.of("error", error);
    }
}
