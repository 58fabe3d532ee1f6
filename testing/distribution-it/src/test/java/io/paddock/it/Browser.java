package io.paddock.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's {@code chromium} with its {@code chromedriver}, installed by
 * {@code testing/chromium/ensure-chromium.sh}) driven through WebDriver, with a fresh profile. Nothing is
 * downloaded: the browser and driver paths are given, so Selenium Manager never runs.
 */
final class Browser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("PADDOCK_CHROMIUM", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getenv().getOrDefault("PADDOCK_CHROMEDRIVER", "/usr/bin/chromedriver"));
    static final Duration WAIT = Duration.ofSeconds(30);

    private final ChromeDriver driver;
    private final Path screenshots;

    Browser(Path screenshots) throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            throw new IllegalStateException("headless Chromium not found at " + CHROMIUM + " with " + DRIVER
                + ": run testing/chromium/ensure-chromium.sh as root (apt-get install chromium chromium-driver)");
        }
        this.screenshots = screenshots;
        Files.createDirectories(screenshots);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run",
            "--window-size=1440,1000", "--lang=en-US", "--disable-extensions", "--enable-precise-memory-info",
            // window.gc(), so that heap figures count what the page keeps, not garbage not yet collected
            "--js-flags=--expose-gc");
        // Paddock's own CA signed the server certificate; the test trusts it as a user who installed the CA would
        options.setAcceptInsecureCerts(true);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort()
            .build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1440, 1000));
    }

    WebDriver driver() {
        return driver;
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement find(String css) {
        return until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        }, "an element " + css);
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    boolean present(String css) {
        return !driver.findElements(By.cssSelector(css)).isEmpty();
    }

    void click(String css) {
        until(d -> {
            WebElement element = find(css);
            if (!element.isEnabled()) {
                return null;
            }
            element.click();
            return true;
        }, "a clickable " + css);
    }

    void type(String css, String text) {
        WebElement element = find(css);
        element.clear();
        element.sendKeys(text);
    }

    <T> T until(Function<WebDriver, T> condition, String what) {
        return until(condition, what, WAIT);
    }

    <T> T until(Function<WebDriver, T> condition, String what, Duration timeout) {
        try {
            return new WebDriverWait(driver, timeout, Duration.ofMillis(50)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            screenshot("failed-" + what.replaceAll("[^A-Za-z0-9]+", "-"));
            throw new AssertionError("not seen within " + timeout + ": " + what + " on " + driver.getCurrentUrl() + "\npage text:\n"
                + driver.findElement(By.tagName("body")).getText(), e);
        }
    }

    /** Waits until the element's text satisfies the condition; answers the text. */
    String text(String css, java.util.function.Predicate<String> condition, String what) {
        return until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            String text = found.isEmpty() ? null : found.get(0).getText();
            return text != null && condition.test(text) ? text : null;
        }, what + " (" + css + ")");
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    Path screenshot(String name) {
        try {
            Path file = screenshots.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (Exception e) {
            return null;
        }
    }

    /** The browser console's messages so far (errors, CSP violations), each as level and text. */
    List<Map.Entry<Level, String>> consoleMessages() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
            .map((LogEntry e) -> Map.entry(e.getLevel(), e.getMessage())).toList();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
