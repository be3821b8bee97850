package dev.switchboard.ui;

import dev.switchboard.testing.Backend;
import dev.switchboard.testing.Chromium;
import dev.switchboard.testing.ConsentApi;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The status page in a real browser: key prompt, a message sent in the test, its history, masked numbers. */
class StatusPageIT {

    private static RunningSwitchboard sb;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() {
        browser = Chromium.start();
        java.util.Map<String, String> settings = new java.util.HashMap<>(Backend.POSTGRES.freshDatabase("status_page"));
        settings.put("switchboard.webhook.allow-http", "true");
        settings.put("switchboard.webhook.allow-private", "true");
        sb = RunningSwitchboard.start(settings);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (sb != null) {
            sb.close();
        }
    }

    @Test
    void operator_finds_a_message_and_reads_its_history() {
        String id = Json.parse(sb.postMessage("{\"to\":\"+14155550100\",\"body\":\"status page\"}").body())
                .get("id").asText();
        await().atMost(Duration.ofSeconds(10)).until(
                () -> Json.parse(sb.get("/api/v1/messages/" + id).body()).get("status").asText(), "delivered"::equals);
        assertThat(ConsentApi.put(sb, "+14155550199",
                "{\"channel\":\"sms\",\"state\":\"opted_out\",\"reason\":\"asked by phone\"}").statusCode()).isEqualTo(200);

        String hook = Json.parse(sb.post("/api/v1/webhooks", "{\"url\":\"http://127.0.0.1:9/hooks?token=t0ps3cret\"}",
                java.util.Map.of()).body()).get("id").asText();

        login(RunningSwitchboard.API_KEY);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
        wait.until(d -> rows(d, "counts").stream().anyMatch(r -> r.equals(List.of("sms", "delivered", "1"))));
        wait.until(d -> rows(d, "webhooks").stream().anyMatch(r -> r.get(0).equals(hook + " (api)")
                && r.get(1).equals("http://127.0.0.1:9/hooks") && r.get(2).equals("enabled")));
        assertThat(browser.findElement(By.id("webhook-lag")).getText()).startsWith("Oldest undelivered event waiting");
        assertThat(browser.getPageSource()).doesNotContain("t0ps3cret");
        assertThat(browser.findElement(By.id("breaker")).getText()).isEqualTo("CLOSED");
        wait.until(d -> rows(d, "optouts").stream().anyMatch(r -> r.contains("+1415•••0199")));

        browser.findElement(By.id("search")).sendKeys("+1 415 555 0100");
        browser.findElement(By.id("search-button")).click();
        WebElement link = wait.until(ExpectedConditions.elementToBeClickable(By.linkText(id)));
        assertThat(rows(browser, "messages")).hasSize(1);
        assertThat(rows(browser, "messages").get(0)).contains("+1415•••0100", "delivered");
        link.click();

        wait.until(d -> rows(d, "history").size() == 4);
        assertThat(rows(browser, "history")).extracting(r -> r.get(1)).containsExactly("accepted", "queued", "sent", "delivered");
        assertThat(browser.findElement(By.id("history-id")).getText()).isEqualTo(id);
        assertThat(browser.findElement(By.id("history-to")).getText()).contains("+1415•••0100");
        assertThat(browser.getPageSource()).doesNotContain("+14155550100").doesNotContain("+14155550199");
        // The key lives in the tab's sessionStorage, never in a cookie.
        assertThat(browser.manage().getCookies()).isEmpty();
        assertThat(browser.executeScript("return sessionStorage.getItem('switchboard.apiKey')"))
                .isEqualTo(RunningSwitchboard.API_KEY);
    }

    @Test
    void a_wrong_key_shows_nothing_and_asks_again() {
        login("not-the-key");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
        wait.until(ExpectedConditions.textToBe(By.id("login-error"), "That key was not accepted."));
        assertThat(browser.findElement(By.id("status")).isDisplayed()).isFalse();
        assertThat(rows(browser, "counts")).isEmpty();
        assertThat(sb.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(sb.url("/ui/api/summary")))
                .GET().build()).statusCode()).isEqualTo(401);
    }

    private static void login(String key) {
        browser.get(sb.url("/ui"));
        browser.executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
        WebElement input = new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("key")));
        input.sendKeys(key);
        browser.findElement(By.id("login-button")).click();
    }

    private static List<List<String>> rows(WebDriver d, String table) {
        return d.findElements(By.cssSelector("#" + table + " tbody tr")).stream()
                .map(tr -> tr.findElements(By.tagName("td")).stream().map(WebElement::getText).toList())
                .toList();
    }
}
