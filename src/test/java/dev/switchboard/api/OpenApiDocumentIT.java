package dev.switchboard.api;

import dev.switchboard.testing.Backend;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.OpenApiContract;
import dev.switchboard.testing.RunningSwitchboard;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.apache.camel.model.ModelCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** GET /api/v1/openapi.json tells the truth: real answers, good and bad, validated against it. */
class OpenApiDocumentIT {

    private static RunningSwitchboard sb;
    private static Path inbox;
    private static OpenApiContract api;

    @BeforeAll
    static void start() throws IOException {
        inbox = Files.createTempDirectory("openapi-inbox");
        Map<String, String> settings = new java.util.HashMap<>(Backend.POSTGRES.freshDatabase("openapi_document"));
        settings.put("switchboard.inbox.dir", inbox.toString());
        settings.put("switchboard.inbox.poll-ms", "100");
        settings.put("switchboard.inbox.stable-ms", "100");
        settings.put("switchboard.webhook.allow-http", "true");
        settings.put("switchboard.webhook.allow-private", "true");
        sb = RunningSwitchboard.start(settings);
        HttpResponse<String> doc = sb.send(HttpRequest.newBuilder(URI.create(sb.url("/api/v1/openapi.json"))).GET().build());
        assertThat(doc.statusCode()).isEqualTo(200);
        api = new OpenApiContract(Json.parse(doc.body()));
        api.check("GET", "/api/v1/openapi.json", doc);
    }

    @AfterAll
    static void stop() {
        if (sb != null) {
            sb.close();
        }
    }

    @Test
    void documents_every_route_of_the_rest_api_and_nothing_else() {
        Set<String> routes = new TreeSet<>();
        for (RestDefinition rest : ((ModelCamelContext) sb.context()).getRestDefinitions()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                String path = rest.getPath() + (verb.getPath() == null ? "" : verb.getPath());
                if (path.startsWith("/api/v1")) {
                    routes.add(verb.asVerb().toUpperCase() + " " + path);
                }
            }
        }
        assertThat(api.operations()).isEqualTo(routes);
    }

    private static void messages_answer_as_documented() {
        String sms = id(api.check("POST", "/api/v1/messages", sb.post("/api/v1/messages",
                "{\"to\":\"+14155550100\",\"body\":\"contract\",\"tags\":{\"order\":\"A-1\"}}", Map.of("Idempotency-Key", "oa-1"))));
        api.check("POST", "/api/v1/messages", sb.post("/api/v1/messages",
                "{\"to\":\"+14155550100\",\"body\":\"other\"}", Map.of("Idempotency-Key", "oa-1")));
        String wa = id(api.check("POST", "/api/v1/messages", sb.postMessage("{\"channel\":\"whatsapp\",\"to\":\"+14155550101\","
                + "\"contentSid\":\"HX0123456789abcdef0123456789abcdef\",\"contentVariables\":{\"1\":\"Ada\"}}")));
        String call = id(api.check("POST", "/api/v1/messages", sb.postMessage(
                "{\"channel\":\"voice\",\"to\":\"+14155550102\",\"say\":\"Hello\",\"sendAt\":\""
                        + java.time.Instant.now().plus(Duration.ofDays(30)) + "\"}")));
        api.check("POST", "/api/v1/messages", sb.postMessage("{\"to\":"));
        api.check("POST", "/api/v1/messages", sb.postMessage("{\"to\":\"+14155550100\",\"body\":\"x\",\"colour\":\"red\"}"));
        api.check("POST", "/api/v1/messages", sb.postMessage("{\"to\":\"not a number\",\"body\":\"x\"}"));
        api.check("POST", "/api/v1/messages", sb.postMessage("{\"to\":\"+14155550100\",\"body\":\"" + "x".repeat(70_000) + "\"}"));
        api.check("POST", "/api/v1/messages", sb.post("/api/v1/messages", "{}", Map.of("Content-Type", "text/plain")));
        api.check("POST", "/api/v1/messages", sb.post("/api/v1/messages", "{}", Map.of("Authorization", "Bearer wrong")));
        String batch = "/api/v1/messages/batch";
        api.check("POST", batch, sb.post(batch, "{\"messages\":[{\"to\":\"+14155550104\",\"body\":\"batch\","
                + "\"idempotencyKey\":\"oa-batch\"},{\"to\":\"nope\",\"body\":\"x\"}]}", Map.of()));
        api.check("POST", batch, sb.post(batch, "{\"messages\":[{\"to\":\"+14155550104\",\"body\":\"batch\","
                + "\"idempotencyKey\":\"oa-batch\"}]}", Map.of()));
        api.check("POST", batch, sb.post(batch, "{\"messages\":[]}", Map.of()));
        api.check("POST", batch, sb.post(batch, "{\"messages\":[" + "{},".repeat(1000) + "{}]}", Map.of()));
        api.check("POST", batch, sb.post(batch, "{}", Map.of("Authorization", "Bearer wrong")));

        await().atMost(Duration.ofSeconds(10)).until(() -> status(sms), "delivered"::equals);
        api.check("GET", "/api/v1/messages/{id}", sb.get("/api/v1/messages/" + sms));
        api.check("GET", "/api/v1/messages/{id}", sb.get("/api/v1/messages/" + wa));
        api.check("GET", "/api/v1/messages/{id}", sb.get("/api/v1/messages/" + call));
        api.check("GET", "/api/v1/messages/{id}", sb.get("/api/v1/messages/msg_00000000000000000000000000"));
        api.check("DELETE", "/api/v1/messages/{id}", sb.delete("/api/v1/messages/" + call));
        api.check("DELETE", "/api/v1/messages/{id}", sb.delete("/api/v1/messages/" + sms));
        api.check("DELETE", "/api/v1/messages/{id}", sb.delete("/api/v1/messages/msg_00000000000000000000000000"));
        api.check("GET", "/api/v1/messages", sb.get("/api/v1/messages?limit=2"));
        api.check("GET", "/api/v1/messages", sb.get("/api/v1/messages?to=%2B14155550100&channel=sms&status=delivered"));
        api.check("GET", "/api/v1/messages", sb.get("/api/v1/messages?limit=0"));
        api.check("GET", "/api/v1/messages", sb.get("/api/v1/messages?to=nobody"));
    }

    private static void consents_answer_as_documented() {
        String path = "/api/v1/consents/%2B14155550103";
        api.check("PUT", "/api/v1/consents/{phone}", put(path, "{\"channel\":\"sms\",\"state\":\"opted_out\",\"reason\":\"asked\"}"));
        api.check("PUT", "/api/v1/consents/{phone}", put(path, "{\"channel\":\"sms\",\"state\":\"maybe\"}"));
        api.check("PUT", "/api/v1/consents/{phone}", put(path, "{\"channel\":\"sms\",\"state\":\"opted_in\",\"why\":\"x\"}"));
        api.check("GET", "/api/v1/consents/{phone}", sb.get(path));
        api.check("GET", "/api/v1/consents/{phone}", sb.get("/api/v1/consents/12"));
        api.check("GET", "/api/v1/consents", sb.get("/api/v1/consents?state=opted_out&limit=1"));
        api.check("GET", "/api/v1/consents", sb.get("/api/v1/consents?state=whatever"));
    }

    private static void imports_answer_as_documented() throws IOException {
        Path part = inbox.resolve("contract.csv.part");
        Files.writeString(part, "to,body\n+14155550104,from a file\nnot-a-number,bad row\n");
        Files.move(part, inbox.resolve("contract.csv"));
        await().atMost(Duration.ofSeconds(15)).until(() -> sb.get("/api/v1/imports/contract.csv").statusCode() == 200
                && Json.parse(sb.get("/api/v1/imports/contract.csv").body()).get("finishedAt").isTextual());
        api.check("GET", "/api/v1/imports/{name}", sb.get("/api/v1/imports/contract.csv"));
        api.check("GET", "/api/v1/imports/{name}", sb.get("/api/v1/imports/never.csv"));
        api.check("GET", "/api/v1/imports", sb.get("/api/v1/imports?limit=5"));
        api.check("GET", "/api/v1/imports", sb.get("/api/v1/imports?cursor=abc"));
    }

    private static void verifications_answer_as_documented() {
        String to = "+14155550105";
        api.check("POST", "/api/v1/verifications", sb.post("/api/v1/verifications",
                "{\"to\":\"" + to + "\",\"channel\":\"sms\"}", Map.of()));
        api.check("POST", "/api/v1/verifications", sb.post("/api/v1/verifications", "{\"to\":\"nope\"}", Map.of()));
        String code = await().atMost(Duration.ofSeconds(5)).until(() -> sb.sandbox().verificationCode(to), java.util.Optional::isPresent).get();
        api.check("POST", "/api/v1/verifications/check", sb.post("/api/v1/verifications/check",
                "{\"to\":\"" + to + "\",\"code\":\"" + code + "\"}", Map.of()));
        api.check("POST", "/api/v1/verifications/check", sb.post("/api/v1/verifications/check",
                "{\"to\":\"+14155550106\",\"code\":\"123456\"}", Map.of()));
    }

    private static void webhooks_answer_as_documented() {
        String base = "/api/v1/webhooks";
        String id = Json.parse(api.check("POST", base, sb.post(base,
                "{\"url\":\"http://127.0.0.1:9/contract\",\"eventTypes\":[\"message.delivered\"],\"description\":\"d\"}",
                Map.of())).body()).get("id").asText();
        api.check("POST", base, sb.post(base, "{\"url\":\"ftp://127.0.0.1/x\"}", Map.of()));
        api.check("POST", base, sb.post(base, "{\"link\":\"http://127.0.0.1:9/x\"}", Map.of()));
        api.check("GET", base, sb.get(base));
        api.check("GET", base, sb.send(HttpRequest.newBuilder(URI.create(sb.url(base)))
                .header("Authorization", "Bearer wrong").GET().build()));
        api.check("GET", base + "/{id}", sb.get(base + "/" + id));
        api.check("GET", base + "/{id}", sb.get(base + "/wh_none"));
        api.check("POST", base + "/{id}/rotate", sb.post(base + "/" + id + "/rotate?overlapSeconds=60", "", Map.of()));
        api.check("POST", base + "/{id}/rotate", sb.post(base + "/" + id + "/rotate?overlapSeconds=soon", "", Map.of()));
        api.check("POST", base + "/{id}/enable", sb.post(base + "/" + id + "/enable", "", Map.of()));
        api.check("POST", base + "/{id}/enable", sb.post(base + "/wh_none/enable", "", Map.of()));
        api.check("POST", base + "/{id}/replay", sb.post(base + "/" + id + "/replay?since="
                + java.time.Instant.now().minusSeconds(60), "", Map.of()));
        api.check("POST", base + "/{id}/replay", sb.post(base + "/" + id + "/replay", "", Map.of()));
        api.check("GET", base + "/{id}/deliveries", sb.get(base + "/" + id + "/deliveries?limit=10"));
        api.check("GET", base + "/{id}/deliveries", sb.get(base + "/wh_none/deliveries"));
        String sms = id(sb.postMessage("{\"to\":\"+14155550107\",\"body\":\"webhooks\"}"));
        await().atMost(Duration.ofSeconds(10)).until(() -> status(sms), "delivered"::equals);
        api.check("GET", "/api/v1/messages/{id}/webhooks", sb.get("/api/v1/messages/" + sms + "/webhooks"));
        api.check("GET", "/api/v1/messages/{id}/webhooks", sb.get("/api/v1/messages/msg_00000000000000000000000000/webhooks"));
        api.check("DELETE", base + "/{id}", sb.delete(base + "/" + id));
        api.check("DELETE", base + "/{id}", sb.delete(base + "/" + id));
    }

    /** One test, not one per area: the last check needs every area's answers, whatever order JUnit picks. */
    @Test
    void every_operation_answers_as_documented_and_was_seen_succeeding_and_failing() throws IOException {
        messages_answer_as_documented();
        consents_answer_as_documented();
        imports_answer_as_documented();
        verifications_answer_as_documented();
        webhooks_answer_as_documented();

        Set<String> all = new TreeSet<>(api.operations());
        assertThat(api.checkedWith('2')).isEqualTo(all);
        all.remove("GET /api/v1/openapi.json"); // public, and it cannot fail
        assertThat(api.checkedWith('4')).isEqualTo(all);
    }

    private static HttpResponse<String> put(String path, String json) {
        return sb.send(HttpRequest.newBuilder(URI.create(sb.url(path))).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + RunningSwitchboard.API_KEY)
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private static String id(HttpResponse<String> accepted) {
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return Json.parse(accepted.body()).get("id").asText();
    }

    private static String status(String id) {
        return Json.parse(sb.get("/api/v1/messages/" + id).body()).get("status").asText();
    }
}
