package io.groupbridge.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.devtools.DevTools;
import org.openqa.selenium.devtools.v156.log.Log;
import org.openqa.selenium.devtools.v156.runtime.Runtime;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium for browser tests, one browser per test class: register it as
 * {@code @RegisterExtension static final Browser browser = new Browser();}.
 *
 * <p>The driver and the browser are the Debian packages' ({@value #CHROMEDRIVER}, {@value #CHROMIUM}), named
 * explicitly so Selenium Manager never runs, and {@code SE_OFFLINE=true} in case it does: nothing is downloaded.
 * Without either package each test of the class is skipped with one line (an assumption), as the container tests
 * are without Docker; {@code .ci/run} installs both.
 *
 * <p>Loopback only: {@link #open} refuses any other host, and Chromium resolves no name but {@code localhost} and
 * runs none of its background traffic (updates, sync, safe browsing, metrics).
 *
 * <p>Every test starts at the wide size ({@value #WIDE_WIDTH}×{@value #WIDE_HEIGHT}) with no cookies and an empty
 * console; {@link #narrow()} switches to a {@value #NARROW_WIDTH}-CSS-pixel-wide phone viewport.
 * {@link #screenshots} saves a page at both sizes under {@code target/screenshots/}. {@link #consoleProblems()}
 * returns what the page reported as an error or warning (a script exception, a Content-Security-Policy
 * violation), read through the DevTools protocol of Chromium 156.
 *
 * <p>Not thread-safe: a class's tests run one after another.
 */
public final class Browser implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    public static final String CHROMIUM = "/usr/bin/chromium";
    public static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    public static final int WIDE_WIDTH = 1280;
    public static final int WIDE_HEIGHT = 900;
    public static final int NARROW_WIDTH = 375;
    public static final int NARROW_HEIGHT = 812;
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static final Pattern IPV4_LITERAL = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern SCREENSHOT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    // null until beforeAll has started the browser, and again after afterAll
    private ChromeDriver driver;
    private DevTools devTools;
    // what the page logged since the test began, as "level source: text" lines; DevTools' thread adds to it
    private final List<String> console = new ArrayList<>();
    private boolean narrow;
    private boolean pageScripts = true;

    /** True when both Debian packages are installed. */
    public static boolean available() {
        return Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!available()) {
            return; // beforeEach skips each test, so the report counts them as skipped and says why
        }
        // Read by Selenium Manager, which passes SE_* system properties to its process; it should never start.
        System.setProperty("SE_OFFLINE", "true");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--window-size=" + WIDE_WIDTH + "," + WIDE_HEIGHT,
                // root in CI and a container's small /dev/shm
                "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                // loopback only, and quiet: no name resolves except localhost, no background requests
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1, EXCLUDE [::1]", "--no-proxy-server",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--no-first-run", "--no-default-browser-check",
                "--disable-features=Translate,OptimizationHints,MediaRouter,SafeBrowsing,InterestFeedContentSuggestions",
                "--safebrowsing-disable-auto-update", "--metrics-recording-only", "--no-pings",
                "--force-color-profile=srgb", "--hide-scrollbars", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
                .usingAnyFreePort()
                .withLogOutput(java.io.OutputStream.nullOutputStream())
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        devTools = driver.getDevTools();
        devTools.createSession();
        devTools.send(Log.enable());
        devTools.send(Runtime.enable());
        devTools.addListener(Log.entryAdded(), entry -> {
            String level = entry.getLevel().toString();
            if (level.equals("error") || level.equals("warning")) {
                record(level + " " + entry.getSource() + ": " + entry.getText());
            }
        });
        devTools.addListener(Runtime.exceptionThrown(), thrown -> record("error exception: "
                + thrown.getExceptionDetails().getException().flatMap(e -> e.getDescription())
                        .orElse(thrown.getExceptionDetails().getText())));
        devTools.addListener(Runtime.consoleAPICalled(), call -> {
            String type = call.getType().toString();
            if (type.equals("error") || type.equals("warning")) {
                record(type + " console: " + call.getArgs().stream()
                        .map(a -> a.getValue().map(String::valueOf).orElse(a.getDescription().orElse("?")))
                        .reduce((a, b) -> a + " " + b).orElse(""));
            }
        });
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        assumeTrue(driver != null, "browser test skipped: no " + CHROMIUM + " or " + CHROMEDRIVER
                + " (apt-get install chromium chromium-driver; .ci/run does)");
        wide();
        pageScripts(true);
        driver.get("about:blank");
        // deleteAllCookies() clears only the current page's site, which about:blank has none of: clear them all
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        synchronized (console) {
            console.clear();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (driver != null) {
            try {
                devTools.close();
            } finally {
                driver.quit();
                driver = null;
            }
        }
    }

    /** The running driver, for what this class does not wrap (finding elements, {@link WebDriverWait}). */
    public ChromeDriver driver() {
        if (driver == null) {
            throw new IllegalStateException("the browser is not running: register Browser with @RegisterExtension"
                    + " on a static field");
        }
        return driver;
    }

    /**
     * Loads a page and waits for it (document ready).
     *
     * @throws IllegalArgumentException when the URL is not http(s) on a loopback address or localhost
     */
    public void open(URI url) {
        requireLoopback(url);
        driver().get(url.toString());
    }

    public void open(String url) {
        open(URI.create(url));
    }

    /** The {@value #WIDE_WIDTH}×{@value #WIDE_HEIGHT} desktop window every test starts with. */
    public void wide() {
        ChromeDriver d = driver();
        d.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        d.manage().window().setSize(new Dimension(WIDE_WIDTH, WIDE_HEIGHT));
        narrow = false;
    }

    /**
     * A phone: a viewport exactly {@value #NARROW_WIDTH} CSS pixels wide (device-metrics emulation, so the
     * window's frame takes nothing off), the page's {@code <meta name="viewport">} honoured as on a phone.
     */
    public void narrow() {
        driver().executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", NARROW_WIDTH,
                "height", NARROW_HEIGHT, "deviceScaleFactor", 1, "mobile", true));
        narrow = true;
    }

    /**
     * Turns the pages' own scripts off or on (DevTools {@code Emulation.setScriptExecutionDisabled}), to show that a
     * form works without JavaScript; applies from the next page load. Every test starts with scripts on.
     */
    public void pageScripts(boolean enabled) {
        driver().executeCdpCommand("Emulation.setScriptExecutionDisabled", Map.of("value", !enabled));
        pageScripts = enabled;
    }

    /**
     * {@link Axe#check} on the current page; with the page's scripts off it turns them on for axe alone (axe runs
     * as a script in the page) and off again, the page itself not reloaded.
     */
    public List<Axe.Violation> axe() {
        if (pageScripts) {
            return Axe.check(driver());
        }
        pageScripts(true);
        try {
            return Axe.check(driver());
        } finally {
            pageScripts(false);
        }
    }

    /** The page's viewport width in CSS pixels ({@code window.innerWidth}). */
    public long viewportWidth() {
        return ((Number) driver().executeScript("return window.innerWidth")).longValue();
    }

    /** Whether the page scrolls sideways: content wider than the viewport, the usual 375 px failure. */
    public boolean scrollsSideways() {
        return (Boolean) driver().executeScript(
                "return document.documentElement.scrollWidth > document.documentElement.clientWidth");
    }

    /** Presses Tab {@code times} times, as a keyboard-only user moves through the page, and returns the focus. */
    public WebElement tab(int times) {
        Actions actions = new Actions(driver());
        for (int i = 0; i < times; i++) {
            actions.sendKeys(Keys.TAB);
        }
        actions.perform();
        return focused();
    }

    /** Presses one key on whatever has the focus (Enter, Space, Escape...). */
    public void press(CharSequence key) {
        new Actions(driver()).sendKeys(key).perform();
    }

    /**
     * Presses Enter on the focused link or button and waits until that element is replaced: by the next page, or by
     * what htmx swaps in. Without the wait the next step can race the navigation and look for its element on the
     * page being left.
     */
    public void activate() {
        WebElement pressed = focused();
        press(Keys.ENTER);
        new WebDriverWait(driver(), Duration.ofSeconds(15)).until(d -> {
            try {
                pressed.isEnabled();
                return false;
            } catch (org.openqa.selenium.WebDriverException replaced) {
                return true;
            }
        });
    }

    /** The element that has the keyboard focus. */
    public WebElement focused() {
        return driver().switchTo().activeElement();
    }

    /**
     * Tabs forward until the element {@code target} finds has the focus, at most {@code limit} presses, as a
     * keyboard-only user would reach it.
     *
     * @return the number of Tab presses it took
     * @throws AssertionError when it is not reached in {@code limit} presses (not focusable, or out of order)
     */
    public int tabTo(By target, int limit) {
        WebElement wanted = driver().findElement(target);
        for (int presses = 1; presses <= limit; presses++) {
            if (tab(1).equals(wanted)) {
                return presses;
            }
        }
        throw new AssertionError(target + " not reached with " + limit + " Tab presses; focus ended on "
                + describe(focused()));
    }

    /**
     * Saves the current page, whole (beyond the viewport too), as {@code target/screenshots/NAME-wide.png} and
     * {@code NAME-375.png}, and leaves the browser at the size it was.
     *
     * @param name letters, digits, dot, dash, underscore, e.g. {@code group-page}
     * @return the two files, wide first
     */
    public List<Path> screenshots(String name) throws IOException {
        if (!SCREENSHOT_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("screenshot name must be letters, digits, '.', '-', '_': " + name);
        }
        boolean wasNarrow = narrow;
        Files.createDirectories(SCREENSHOTS);
        wide();
        Path wideFile = saveWholePage(SCREENSHOTS.resolve(name + "-wide.png"));
        narrow();
        Path narrowFile = saveWholePage(SCREENSHOTS.resolve(name + "-" + NARROW_WIDTH + ".png"));
        if (!wasNarrow) {
            wide();
        }
        return List.of(wideFile, narrowFile);
    }

    /** Errors and warnings the page logged since the test began: exceptions, console.error, CSP violations. */
    public List<String> consoleProblems() {
        synchronized (console) {
            return List.copyOf(console);
        }
    }

    private Path saveWholePage(Path file) throws IOException {
        ChromeDriver d = driver();
        @SuppressWarnings("unchecked")
        Map<String, Object> size = (Map<String, Object>) d.executeScript("return {"
                + "w: Math.max(document.documentElement.scrollWidth, window.innerWidth),"
                + "h: Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0,"
                + " window.innerHeight)}");
        Map<String, Object> clip = Map.of("x", 0, "y", 0, "scale", 1,
                "width", ((Number) size.get("w")).doubleValue(), "height", ((Number) size.get("h")).doubleValue());
        Map<String, Object> shot = d.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
        return file;
    }

    private void record(String line) {
        synchronized (console) {
            console.add(line);
        }
    }

    private static String describe(WebElement element) {
        String id = element.getAttribute("id");
        return "<" + element.getTagName() + (id == null || id.isEmpty() ? "" : " id=" + id) + "> "
                + element.getText();
    }

    static void requireLoopback(URI url) {
        String scheme = url.getScheme();
        String host = url.getHost();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || host == null) {
            throw new IllegalArgumentException("browser tests open http(s) pages on loopback only: " + url);
        }
        boolean loopback;
        try {
            // only literals reach getByName, so checking a URL never asks a name server
            loopback = host.equals("localhost") || (IPV4_LITERAL.matcher(host).matches() || host.startsWith("["))
                    && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            loopback = false;
        }
        if (!loopback) {
            throw new IllegalArgumentException("browser tests open pages on loopback only, not " + host + ": " + url);
        }
    }
}
