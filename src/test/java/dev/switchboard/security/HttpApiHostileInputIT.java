package dev.switchboard.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.Backend;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP API's door against hostile requests, on PostgreSQL: nesting, names, duplicates, trailing data and unknown
 * fields refused with 400; wrong content types 415; oversized headers and request lines refused by the server
 * (Vert.x limits: 8 KiB of headers, 4 KiB request line).
 */
class HttpApiHostileInputIT {

    private static final String OTHER_KEY = "other-key-0123456789";
    private static RunningSwitchboard sb;

    @BeforeAll
    static void start() {
        Map<String, String> settings = new HashMap<>(Backend.POSTGRES.freshDatabase("http_hostile_input"));
        settings.put("switchboard.api.keys", RunningSwitchboard.API_KEY + "," + OTHER_KEY);
        sb = RunningSwitchboard.start(settings);
    }

    @AfterAll
    static void stop() {
        sb.close();
    }

    @Test
    void deep_nesting_long_names_duplicates_and_trailing_data_are_400_invalid_json() {
        String deep = "{\"to\":\"+14155550100\",\"body\":\"x\",\"tags\":" + "[".repeat(50) + "]".repeat(50) + "}";
        String longName = "{\"" + "n".repeat(300) + "\":1}";
        String duplicate = "{\"to\":\"+14155550100\",\"body\":\"a\",\"body\":\"b\"}";
        String trailing = "{\"to\":\"+14155550100\",\"body\":\"a\"} {\"to\":\"+14155550101\"}";

        for (String json : new String[] {deep, longName, duplicate, trailing}) {
            HttpResponse<String> r = post(json, "application/json", OTHER_KEY);
            assertThat(r.statusCode()).as(json.substring(0, 40)).isEqualTo(400);
            assertThat(error(r).get("code").asText()).isEqualTo("invalid_json");
        }
        assertThat(error(post(deep, "application/json", OTHER_KEY)).get("message").asText()).contains("nesting depth");
    }

    @Test
    void unknown_fields_are_refused_by_name_never_ignored() {
        HttpResponse<String> r = post("{\"to\":\"+14155550100\",\"body\":\"a\",\"bcc\":\"+14155550199\"}", "application/json", OTHER_KEY);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(error(r).get("code").asText()).isEqualTo("unknown_field");
        assertThat(error(r).get("field").asText()).isEqualTo("bcc");
    }

    @Test
    void other_content_types_and_multipart_uploads_are_415() {
        assertThat(post("to=+14155550100&body=a", "application/x-www-form-urlencoded", OTHER_KEY).statusCode()).isEqualTo(415);
        assertThat(post("--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.csv\"\r\n\r\nx\r\n--b--\r\n",
                "multipart/form-data; boundary=b", OTHER_KEY).statusCode()).isEqualTo(415);
    }

    @Test
    void oversized_headers_and_request_lines_are_refused_by_the_server() throws IOException {
        assertThat(rawStatus("GET /api/v1/messages HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(10_000) + "\r\n\r\n"))
                .isEqualTo(431);
        assertThat(rawStatus("GET /api/v1/messages HTTP/1.1\r\nHost: x\r\n" + "X-H: 0123456789012345678901234567890\r\n".repeat(400)
                + "\r\n")).isEqualTo(431);
        assertThat(rawStatus("GET /api/v1/messages?" + "q".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n")).isEqualTo(414);
    }

    private static JsonNode error(HttpResponse<String> r) {
        return Json.parse(r.body()).get("error");
    }

    private static HttpResponse<String> post(String body, String contentType, String key) {
        return sb.send(HttpRequest.newBuilder(URI.create(sb.url("/api/v1/messages")))
                .header("Content-Type", contentType).header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** The status code of a hand-written request (the JDK client refuses to send such headers). */
    private static int rawStatus(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", sb.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            String statusLine = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(statusLine.substring(9, 12));
        }
    }
}
