package io.groupbridge.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The browser-test machinery on two small static pages served on loopback by the JDK's HTTP server, with the strict
 * Content-Security-Policy the panel will send: axe finds nothing serious on a page with labels and landmarks and
 * names the missing label and the low contrast on one without; a keyboard alone fills in and submits the good form;
 * the 375 px mode is 375 CSS pixels wide; screenshots land under target/screenshots; an inline script the policy
 * blocks shows in the console problems. (BrowserUrlTest: pages off loopback are refused.)
 */
class BrowserMachineryTest {

    @RegisterExtension
    static final Browser browser = new Browser();

    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    private static final String GOOD = """
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>Request to join a group</title>
              <link rel="stylesheet" href="/site.css">
            </head>
            <body>
              <header><p class="brand">groupbridge</p></header>
              <nav aria-label="Main"><ul><li><a href="/good">Groups</a></li><li><a href="/good">My groups</a></li></ul></nav>
              <main>
                <h1>Request to join a group</h1>
                <form method="post" action="/submit">
                  <p><label for="group">Group name</label>
                     <input id="group" name="group" type="text" required autocomplete="off"></p>
                  <p><label for="why">Why you need it</label>
                     <textarea id="why" name="why" rows="3"></textarea></p>
                  <p><button type="submit">Send request</button></p>
                </form>
              </main>
              <footer><p>Requests go to the group's owners.</p></footer>
            </body>
            </html>
            """;

    private static final String BAD = """
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>Search</title>
              <link rel="stylesheet" href="/bad.css">
            </head>
            <body>
              <main>
                <h1>Search groups</h1>
                <form method="get" action="/bad"><input type="text" name="q"></form>
                <p class="faint">Type a name and press Enter.</p>
              </main>
            </body>
            </html>
            """;

    private static final String INLINE_SCRIPT = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>untouched</title></head>
            <body><main><h1>Inline script</h1><script>document.title = 'ran';</script></main></body></html>
            """;

    private static final String SCRIPTED = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>plain</title><script src="/app.js"></script></head>
            <body><main><h1>Scripted</h1></main></body></html>
            """;

    private static final String SITE_CSS = """
            body { font-family: sans-serif; color: #1a1a1a; background: #fff; margin: 0 1rem; }
            input, textarea { display: block; width: 100%; max-width: 30rem; box-sizing: border-box; }
            a:focus-visible, input:focus-visible, textarea:focus-visible, button:focus-visible {
              outline: 3px solid #0b57d0; outline-offset: 2px; }
            nav ul { list-style: none; padding: 0; display: flex; gap: 1rem; flex-wrap: wrap; }
            a { color: #0b57d0; }
            """;

    private static final String BAD_CSS = ".faint { color: #c8c8c8; background: #ffffff; }\n";

    private static HttpServer server;
    private static URI base;
    // the form posts the server received, decoded
    private static final List<Map<String, String>> posts = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                switch (path) {
                    case "/good" -> send(exchange, 200, "text/html", GOOD);
                    case "/bad" -> send(exchange, 200, "text/html", BAD);
                    case "/inline-script" -> send(exchange, 200, "text/html", INLINE_SCRIPT);
                    case "/scripted" -> send(exchange, 200, "text/html", SCRIPTED);
                    case "/app.js" -> send(exchange, 200, "text/javascript", "document.title = 'scripted';");
                    case "/site.css" -> send(exchange, 200, "text/css", SITE_CSS);
                    case "/bad.css" -> send(exchange, 200, "text/css", BAD_CSS);
                    case "/submit" -> submit(exchange);
                    case "/done" -> send(exchange, 200, "text/html", GOOD.replace("<h1>Request to join a group</h1>",
                            "<h1>Request sent</h1>"));
                    default -> send(exchange, 404, "text/plain", "no page " + path);
                }
            }
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void axeFindsNothingSeriousOnAPageWithLabelsAndLandmarks() {
        browser.open(base.resolve("/good"));

        List<Axe.Violation> found = Axe.check(browser.driver());

        assertThat(Axe.seriousOrCritical(found)).as(Axe.describe(found)).isEmpty();
        assertThat(found).as(Axe.describe(found)).isEmpty();
        assertThat(browser.consoleProblems()).isEmpty();
    }

    @Test
    void axeNamesTheUnlabeledInputAndTheLowContrastText() {
        browser.open(base.resolve("/bad"));

        List<Axe.Violation> found = Axe.check(browser.driver());

        assertThat(Axe.ids(found)).as(Axe.describe(found)).contains("label", "color-contrast");
        assertThat(Axe.seriousOrCritical(found)).extracting(Axe.Violation::id).contains("label", "color-contrast");
        Axe.Violation label = found.stream().filter(v -> v.id().equals("label")).findFirst().orElseThrow();
        assertThat(label.nodes()).singleElement().satisfies(n -> assertThat(n.html()).contains("name=\"q\""));
        Axe.Violation contrast = found.stream().filter(v -> v.id().equals("color-contrast")).findFirst().orElseThrow();
        assertThat(contrast.nodes()).singleElement().satisfies(n -> assertThat(n.html()).contains("class=\"faint\""));
    }

    @Test
    void aKeyboardAloneFillsInAndSubmitsTheForm() {
        posts.clear();
        browser.open(base.resolve("/good"));

        int presses = browser.tabTo(By.id("group"), 5);
        assertThat(presses).as("two navigation links come first").isEqualTo(3);
        assertThat(outlineOfFocused()).as("focus is visible").isNotEqualTo("none");
        browser.press("Engineering Wiki");
        WebElement why = browser.tab(1);
        assertThat(why.getAttribute("id")).isEqualTo("why");
        browser.press("I edit the wiki");
        WebElement send = browser.tab(1);
        assertThat(send.getText()).isEqualTo("Send request");
        assertThat(outlineOfFocused()).isNotEqualTo("none");
        browser.press(Keys.ENTER);

        new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/done"));
        assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("Request sent");
        assertThat(posts).containsExactly(Map.of("group", "Engineering Wiki", "why", "I edit the wiki"));
    }

    @Test
    void theNarrowModeIs375CssPixelsWideAndTheGoodPageFitsIt() {
        browser.narrow();
        browser.open(base.resolve("/good"));

        assertThat(browser.viewportWidth()).isEqualTo(375);
        assertThat(browser.scrollsSideways()).isFalse();

        browser.wide();
        assertThat(browser.viewportWidth()).isEqualTo(Browser.WIDE_WIDTH);
    }

    @Test
    void screenshotsOfThePageAreSavedWideAndAt375Pixels() throws IOException {
        browser.open(base.resolve("/good"));
        Files.deleteIfExists(Browser.SCREENSHOTS.resolve("machinery-good-wide.png"));
        Files.deleteIfExists(Browser.SCREENSHOTS.resolve("machinery-good-375.png"));

        List<Path> files = browser.screenshots("machinery-good");

        assertThat(files).containsExactly(Browser.SCREENSHOTS.resolve("machinery-good-wide.png"),
                Browser.SCREENSHOTS.resolve("machinery-good-375.png"));
        assertThat(pngWidth(files.get(0))).isEqualTo(Browser.WIDE_WIDTH);
        assertThat(pngWidth(files.get(1))).isEqualTo(375);
        assertThat(browser.viewportWidth()).as("back at the size it was").isEqualTo(Browser.WIDE_WIDTH);
        assertThatThrownBy(() -> browser.screenshots("../escape")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anInlineScriptTheStrictPolicyBlocksShowsAsAConsoleProblem() {
        browser.open(base.resolve("/inline-script"));

        new WebDriverWait(browser.driver(), Duration.ofSeconds(5)).until(d -> !browser.consoleProblems().isEmpty());
        assertThat(browser.driver().getTitle()).isEqualTo("untouched");
        assertThat(browser.consoleProblems()).anyMatch(line -> line.contains("Content Security Policy"));
    }

    @Test
    void pageScriptsCanBeTurnedOffToShowAPageWorksWithoutJavaScript() {
        browser.open(base.resolve("/scripted"));
        assertThat(browser.driver().getTitle()).isEqualTo("scripted");

        browser.pageScripts(false);
        browser.open(base.resolve("/scripted"));

        assertThat(browser.driver().getTitle()).isEqualTo("plain");
        List<Axe.Violation> found = browser.axe();
        assertThat(found).as("axe runs with the page's scripts off").isEmpty();
        browser.open(base.resolve("/scripted"));
        assertThat(browser.driver().getTitle()).as("and they stay off").isEqualTo("plain");
    }

    private static String outlineOfFocused() {
        return (String) browser.driver().executeScript(
                "return getComputedStyle(document.activeElement).outlineStyle");
    }

    private static int pngWidth(Path png) throws IOException {
        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
        return ((bytes[16] & 0xff) << 24) | ((bytes[17] & 0xff) << 16) | ((bytes[18] & 0xff) << 8) | (bytes[19] & 0xff);
    }

    private static void submit(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            send(exchange, 405, "text/plain", "POST only");
            return;
        }
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        posts.add(form);
        exchange.getResponseHeaders().set("Location", "/done");
        exchange.sendResponseHeaders(303, -1);
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        exchange.getResponseHeaders().set("Content-Security-Policy", CSP);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
