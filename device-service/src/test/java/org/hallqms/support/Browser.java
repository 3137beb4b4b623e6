package org.hallqms.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven by its chromedriver, offline (no Selenium Manager). Skipped where they are
 * missing, except in CI, where they must be.
 */
public final class Browser implements AutoCloseable {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    public static final Path SHOTS = Path.of("target", "screenshots");

    public final ChromeDriver driver;

    public Browser(int width, int height) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("chromium or chromedriver is missing; .ci/run installs them "
                        + "(apt-get install -y chromium chromium-driver fonts-noto-cjk)");
            }
            Assumptions.abort("chromium and chromium-driver are not installed");
        }
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toString());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--lang=zh-CN", "--window-size=" + width + "," + height, "--autoplay-policy=no-user-gesture-required");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, o);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        size(width, height);
    }

    /** The page's viewport becomes {@code width × height}: the window is made larger by its own frame. */
    public void size(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
        long dw = ((Number) driver.executeScript("return window.outerWidth - window.innerWidth")).longValue();
        long dh = ((Number) driver.executeScript("return window.outerHeight - window.innerHeight")).longValue();
        if (dw > 0 || dh > 0) {
            driver.manage().window().setSize(new Dimension(width + (int) dw, height + (int) dh));
        }
    }

    /** A PNG of what the page shows, written to target/screenshots/NAME.png. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SHOTS);
            Path p = SHOTS.resolve(name + ".png");
            Files.write(p, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
