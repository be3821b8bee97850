package dev.switchboard.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import dev.switchboard.testing.TestDatabases;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, pumping and spend: velocity limits per destination prefix and per country over a sliding window, and
 * the account's daily segment budget, held in the database for every instance.
 */
class SendLimitsIT {

    private static final String SEG1 = "Your code is 123456";
    private static final String SEG2 = "x".repeat(200); // GSM-7, 2 segments

    @Test
    void transactional_messages_and_verify_starts_past_a_prefix_or_country_limit_get_429_and_bulk_is_not_counted() {
        Map<String, String> settings = new HashMap<>();
        settings.put("switchboard.db.url", TestDatabases.freshPostgresSchema("limits_velocity"));
        settings.put("switchboard.velocity.prefix-limit", "3");
        settings.put("switchboard.velocity.country-limit", "5");
        settings.put("switchboard.velocity.window-ms", "600000");
        try (RunningSwitchboard sb = RunningSwitchboard.start(settings)) {
            HttpResponse<String> first = sb.post("/api/v1/messages", message("+447700900121", SEG1, null),
                    Map.of("Idempotency-Key", "limits-first"));
            assertThat(first.statusCode()).isEqualTo(202);
            assertThat(sb.postMessage(message("+447700900122", SEG1, null)).statusCode()).isEqualTo(202);
            assertThat(sb.postMessage(message("+447700900123", SEG1, null)).statusCode()).isEqualTo(202);

            HttpResponse<String> over = sb.postMessage(message("+447700900124", SEG1, null));
            assertThat(over.statusCode()).isEqualTo(429);
            JsonNode error = Json.parse(over.body()).get("error");
            assertThat(error.get("code").asText()).isEqualTo("destination_velocity");
            assertThat(error.get("field").asText()).isEqualTo("to");
            assertThat(error.get("message").asText()).contains("+44770").contains("at most 3 within 10 min")
                    .contains("SWITCHBOARD_VELOCITY_PREFIX_LIMIT");
            long retryAfter = Long.parseLong(over.headers().firstValue("Retry-After").orElseThrow());
            assertThat(retryAfter).isBetween(590L, 600L);

            // A replay of an accepted request is answered as before, never refused nor counted.
            HttpResponse<String> replay = sb.post("/api/v1/messages", message("+447700900121", SEG1, null),
                    Map.of("Idempotency-Key", "limits-first"));
            assertThat(replay.statusCode()).isEqualTo(202);
            assertThat(Json.parse(replay.body()).get("id").asText()).isEqualTo(Json.parse(first.body()).get("id").asText());
            // Bulk is neither limited nor counted.
            assertThat(sb.postMessage(message("+447700900125", SEG1, "bulk")).statusCode()).isEqualTo(202);
            HttpResponse<String> code = sb.post("/api/v1/verifications", "{\"to\":\"+447700900126\"}", Map.of());
            assertThat(code.statusCode()).isEqualTo(429);
            assertThat(code.body()).contains("destination_velocity");
            assertThat(code.headers().firstValue("Retry-After")).isPresent();

            // Other prefixes in GB pass until the country's 5.
            assertThat(sb.postMessage(message("+447800900123", SEG1, null)).statusCode()).isEqualTo(202);
            assertThat(sb.postMessage(message("+447900900123", SEG1, null)).statusCode()).isEqualTo(202);
            HttpResponse<String> country = sb.postMessage(message("+447400900123", SEG1, null));
            assertThat(country.statusCode()).isEqualTo(429);
            assertThat(country.body()).contains("numbers in GB").contains("SWITCHBOARD_VELOCITY_COUNTRY_LIMIT");
            assertThat(sb.postMessage(message("+14155550123", SEG1, null)).statusCode()).as("another country")
                    .isEqualTo(202);

            assertThat(stored(sb, "+447700900124")).as("nothing stored for a refused request").isZero();
            assertThat(stored(sb, "+447400900123")).isZero();
            assertThat(metric(sb, "switchboard_limit_refusals_total{code=\"destination_velocity\",scope=\"prefix\"}"))
                    .contains(2.0);
            assertThat(metric(sb, "switchboard_limit_refusals_total{code=\"destination_velocity\",scope=\"country\"}"))
                    .contains(1.0);
        }
    }

    @Test
    void the_window_slides_a_refused_prefix_passes_again_once_its_oldest_hit_leaves_the_window() {
        Map<String, String> settings = new HashMap<>();
        settings.put("switchboard.db.url", TestDatabases.freshH2("limits_window"));
        settings.put("switchboard.velocity.prefix-limit", "2");
        settings.put("switchboard.velocity.window-ms", "3000");
        try (RunningSwitchboard sb = RunningSwitchboard.start(settings)) {
            assertThat(sb.postMessage(message("+14155550101", SEG1, null)).statusCode()).isEqualTo(202);
            assertThat(sb.postMessage(message("+14155550102", SEG1, null)).statusCode()).isEqualTo(202);
            HttpResponse<String> over = sb.postMessage(message("+14155550103", SEG1, null));
            assertThat(over.statusCode()).isEqualTo(429);
            assertThat(Long.parseLong(over.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 3L);

            // Refusals are not counted: asking again and again does not push the opening further away.
            await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(200))
                    .until(() -> sb.postMessage(message("+14155550103", SEG1, null)).statusCode() == 202);
        }
    }

    @Test
    void past_the_daily_budget_new_requests_get_429_at_every_door_and_accepted_ones_still_go() throws IOException {
        Path inbox = Files.createTempDirectory("limits-inbox");
        Map<String, String> settings = new HashMap<>();
        settings.put("switchboard.db.url", TestDatabases.freshH2("limits_daily"));
        settings.put("switchboard.daily.segments", "5");
        settings.put("switchboard.inbox.dir", inbox.toString());
        settings.put("switchboard.inbox.poll-ms", "100");
        settings.put("switchboard.inbox.stable-ms", "100");
        try (RunningSwitchboard sb = RunningSwitchboard.start(settings)) {
            assertThat(sb.postMessage(message("+14155550111", SEG2, null)).statusCode()).isEqualTo(202); // 2
            assertThat(sb.postMessage(message("+14155550112", SEG2, "bulk")).statusCode()).isEqualTo(202); // 4
            HttpResponse<String> over = sb.postMessage(message("+14155550113", SEG2, null));
            assertThat(over.statusCode()).isEqualTo(429);
            JsonNode error = Json.parse(over.body()).get("error");
            assertThat(error.get("code").asText()).isEqualTo("daily_limit_reached");
            assertThat(error.get("message").asText()).contains("SWITCHBOARD_DAILY_SEGMENTS").contains("4 already accepted")
                    .contains("needs 2");
            assertThat(Long.parseLong(over.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 86_400L);
            assertThat(sb.postMessage(message("+14155550114", SEG1, null)).statusCode()).isEqualTo(202); // 5
            assertThat(sb.postMessage(message("+14155550115", SEG1, null)).statusCode()).isEqualTo(429);
            // A call spends no segments, and Verify is not part of the budget.
            assertThat(sb.postMessage("{\"to\":\"+14155550116\",\"channel\":\"voice\",\"say\":\"hello\"}").statusCode())
                    .isEqualTo(202);
            assertThat(sb.post("/api/v1/verifications", "{\"to\":\"+14155550117\"}", Map.of()).statusCode())
                    .isLessThan(300);

            Files.writeString(inbox.resolve("late.csv.part"), "to,body\n+14155550118,row one\n+14155550119,row two\n");
            Files.move(inbox.resolve("late.csv.part"), inbox.resolve("late.csv"), StandardCopyOption.ATOMIC_MOVE);
            JsonNode imported = await().atMost(Duration.ofSeconds(30)).until(
                    () -> Json.parse(sb.get("/api/v1/imports/late.csv").body()),
                    j -> j.has("status") && "done".equals(j.get("status").asText()));
            assertThat(imported.get("accepted").asLong()).isZero();
            assertThat(imported.get("rejected").asLong()).isEqualTo(2);
            assertThat(Files.readString(inbox.resolve("failed").resolve("late.csv.errors.csv")))
                    .contains("daily_limit_reached").contains("row two");

            // The three messages and the call accepted before the budget ran out all go.
            await().atMost(Duration.ofSeconds(20)).until(() -> sb.sandbox().createRequests() == 3
                    && sb.sandbox().callRequests() == 1);
            assertThat(metric(sb, "switchboard_limit_refusals_total{code=\"daily_limit_reached\",scope=\"daily\"}"))
                    .contains(4.0);
        }
    }

    @Test
    void two_instances_on_one_database_share_the_limit_exactly() throws Exception {
        String db = TestDatabases.freshPostgresSchema("limits_shared");
        Map<String, String> settings = Map.of("switchboard.db.url", db, "switchboard.velocity.prefix-limit", "10",
                "switchboard.velocity.window-ms", "600000");
        try (RunningSwitchboard a = RunningSwitchboard.start(settings);
             RunningSwitchboard b = RunningSwitchboard.start(settings)) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Integer>> answers = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    RunningSwitchboard sb = i % 2 == 0 ? a : b;
                    String to = "+1415555%04d".formatted(200 + i);
                    answers.add(pool.submit(() -> sb.postMessage(message(to, SEG1, null)).statusCode()));
                }
                int accepted = 0;
                int refused = 0;
                for (Future<Integer> f : answers) {
                    int status = f.get();
                    accepted += status == 202 ? 1 : 0;
                    refused += status == 429 ? 1 : 0;
                }
                assertThat(accepted).isEqualTo(10);
                assertThat(refused).isEqualTo(30);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static String message(String to, String body, String priority) {
        return "{\"to\":\"" + to + "\",\"body\":\"" + body + "\"" + (priority == null ? "" : ",\"priority\":\"" + priority + "\"")
                + "}";
    }

    private static int stored(RunningSwitchboard sb, String to) {
        return Json.parse(sb.get("/api/v1/messages?to=" + to.replace("+", "%2B")).body()).get("items").size();
    }

    private static Optional<Double> metric(RunningSwitchboard sb, String sample) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$").matcher(sb.get("/observe/metrics").body());
        return m.find() ? Optional.of(Double.parseDouble(m.group(1))) : Optional.empty();
    }
}
