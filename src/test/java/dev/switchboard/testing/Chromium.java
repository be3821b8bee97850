package dev.switchboard.testing;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Debian's headless Chromium driven through its chromedriver (never a downloaded browser).
 * A missing browser is a failure with instructions, never a silent skip.
 */
public final class Chromium {

    public static final Path BROWSER = Path.of(env("SWITCHBOARD_TEST_CHROMIUM", "/usr/bin/chromium"));
    public static final Path DRIVER = Path.of(env("SWITCHBOARD_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"));

    private Chromium() {
    }

    public static ChromeDriver start() {
        if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
            throw new IllegalStateException("""
                    Headless Chromium is needed for the status page test, but %s or %s is missing.
                    Install Debian's browser and driver (what .ci/run does):
                      apt-get update && apt-get install -y chromium chromium-driver
                    or point SWITCHBOARD_TEST_CHROMIUM and SWITCHBOARD_TEST_CHROMEDRIVER at a matching pair."""
                    .formatted(BROWSER, DRIVER));
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1024");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER.toString()))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return driver;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
