package dev.switchboard.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Reads and changes consent through {@code /api/v1/consents}, and hands out phone numbers no other test uses. */
public final class ConsentApi {

    private static final AtomicInteger NEXT_PHONE = new AtomicInteger();

    private ConsentApi() {
    }

    /** A US number unique within this JVM; {@code prefix} (3 digits) keeps test classes apart. */
    public static String uniquePhone(String prefix) {
        return "+1415" + prefix + String.format("%04d", NEXT_PHONE.incrementAndGet());
    }

    /** GET /api/v1/consents/{phone} as JSON; fails unless it answers 200. */
    public static JsonNode consent(RunningSwitchboard sb, String phone) {
        HttpResponse<String> r = sb.get("/api/v1/consents/" + encode(phone));
        if (r.statusCode() != 200) {
            throw new AssertionError("GET consent for " + phone + " answered " + r.statusCode() + ": " + r.body());
        }
        return Json.parse(r.body());
    }

    /** The current state of one channel ({@code opted_in} by default). */
    public static String state(RunningSwitchboard sb, String phone, String channel) {
        return consent(sb, phone).get("channels").get(channel).get("state").asText();
    }

    /** The history as "channel:state:source:keyword", oldest first. */
    public static List<String> history(RunningSwitchboard sb, String phone) {
        List<String> out = new ArrayList<>();
        consent(sb, phone).get("history").forEach(h -> out.add(h.get("channel").asText() + ":" + h.get("state").asText()
                + ":" + h.get("source").asText() + ":" + h.get("keyword").asText()));
        return out;
    }

    public static HttpResponse<String> put(RunningSwitchboard sb, String phone, String json) {
        return sb.send(HttpRequest.newBuilder(URI.create(sb.url("/api/v1/consents/" + encode(phone))))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + RunningSwitchboard.API_KEY)
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** GET /api/v1/messages/{id} as JSON. */
    public static JsonNode message(RunningSwitchboard sb, String id) {
        return Json.parse(sb.get("/api/v1/messages/" + id).body());
    }

    /** True when the sandbox created a message addressed to {@code to} (with or without a whatsapp: prefix). */
    public static boolean sandboxCreatedFor(RunningSwitchboard sb, String to) {
        return sb.sandbox().createdParams().stream()
                .anyMatch(p -> to.equals(p.get("To")) || ("whatsapp:" + to).equals(p.get("To")));
    }

    public static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8);
    }
}
