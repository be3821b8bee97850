package dev.switchboard.ui;

import dev.switchboard.testing.Backend;
import dev.switchboard.testing.Chromium;
import dev.switchboard.testing.ConsentApi;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The status page's charts in a real browser, drawn from real traffic on its own database: six messages delivered,
 * two refused by Twilio (a broken sender, 21212) and one suppressed (the recipient opted out). What the SVG draws is
 * read back from it; a screenshot is left in target/ (docs/images/status-page-charts.png is one from longer traffic).
 */
class StatusChartsIT {

    private static final String INVALID_SENDER = "+15005550001"; // the sandbox answers 400/21212

    @Test
    void the_charts_draw_the_last_hour_by_outcome_the_delivery_ratio_and_the_top_error_codes() throws Exception {
        ChromeDriver browser = Chromium.start();
        try (RunningSwitchboard sb = RunningSwitchboard.start(Backend.POSTGRES.freshDatabase("status_charts"))) {
            String stopped = ConsentApi.uniquePhone("306");
            assertThat(ConsentApi.put(sb, stopped, "{\"channel\":\"sms\",\"state\":\"opted_out\"}").statusCode()).isEqualTo(200);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                ids.add(id(sb.postMessage("{\"to\":\"+1415555018" + i + "\",\"body\":\"chart " + i + "\"}").body()));
            }
            for (int i = 0; i < 2; i++) {
                ids.add(id(sb.postMessage("{\"to\":\"+1415555019" + i + "\",\"body\":\"bad\",\"from\":\"" + INVALID_SENDER
                        + "\"}").body()));
            }
            assertThat(Json.parse(sb.postMessage("{\"to\":\"" + stopped + "\",\"body\":\"no\"}").body()).get("status")
                    .asText()).isEqualTo("suppressed");
            await().atMost(Duration.ofSeconds(20)).until(() -> ids.stream().map(id -> status(sb, id))
                    .filter(s -> s.equals("delivered") || s.equals("failed")).count() == 8);
            // The JSON is the key's only: no key, no data.
            assertThat(sb.send(HttpRequest.newBuilder(URI.create(sb.url("/ui/api/charts"))).GET().build()).statusCode())
                    .isEqualTo(401);

            browser.get(sb.url("/ui"));
            browser.executeScript("sessionStorage.clear()");
            browser.navigate().refresh();
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("key"))).sendKeys(RunningSwitchboard.API_KEY);
            browser.findElement(By.id("login-button")).click();

            // Stacked bars, one per minute: the segments add up to what happened, by outcome.
            wait.until(d -> drawn(d).getOrDefault("delivered", 0) == 6);
            assertThat(drawn(browser)).containsEntry("delivered", 6).containsEntry("failed", 2)
                    .containsEntry("suppressed", 1).doesNotContainKeys("sent", "pending");
            WebElement bar = browser.findElement(By.cssSelector("#per-minute-chart rect.bar[data-outcome='delivered']"));
            assertThat(bar.getSize().getHeight()).as("a drawn bar has a height on screen").isPositive();
            assertThat(bar.getSize().getWidth()).isPositive();
            assertThat(browser.findElements(By.cssSelector("#per-minute-chart svg text.axis"))).isNotEmpty();
            assertThat(browser.findElement(By.cssSelector("#per-minute-legend [data-outcome='failed']")).getText())
                    .isEqualTo("failed or undelivered: 2");

            assertThat(browser.findElement(By.id("delivery-figure")).getText())
                    .isEqualTo("75.0 % delivered (6 of 8 settled)");
            assertThat(browser.findElements(By.cssSelector("#delivery-chart circle.ratio-point"))).isNotEmpty();

            WebElement code = browser.findElement(By.cssSelector("#error-chart rect.error-bar[data-code='21212']"));
            assertThat(code.getAttribute("data-count")).isEqualTo("2");
            assertThat(code.getSize().getWidth()).isPositive();
            assertThat(browser.findElements(By.cssSelector("#error-chart rect.error-bar"))).hasSize(1);
            assertThat(browser.findElement(By.cssSelector("#error-chart .error-descriptions")).getText())
                    .isEqualTo("21212: Invalid 'From' number or sender ID");

            Path shot = Path.of("target", "status-page-charts.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
        } finally {
            browser.quit();
        }
    }

    /** What the per-minute chart drew: each outcome's segments added up, from the SVG's own attributes. */
    private static Map<String, Integer> drawn(org.openqa.selenium.WebDriver d) {
        Map<String, Integer> sums = new TreeMap<>();
        for (WebElement r : d.findElements(By.cssSelector("#per-minute-chart rect.bar"))) {
            sums.merge(r.getAttribute("data-outcome"), Integer.parseInt(r.getAttribute("data-count")), Integer::sum);
        }
        return sums;
    }

    private static String id(String json) {
        return Json.parse(json).get("id").asText();
    }

    private static String status(RunningSwitchboard sb, String id) {
        return Json.parse(sb.get("/api/v1/messages/" + id).body()).get("status").asText();
    }
}
