package io.groupbridge.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.config.ConfigException;
import io.groupbridge.config.ConfigLoader;
import io.groupbridge.config.GroupbridgeConfig;
import io.groupbridge.config.HttpConfig;
import io.groupbridge.testing.DemoConf;
import io.groupbridge.testing.TestHome;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The conf's http section (issue 12, point 1): defaults, loopback unless TLS, a key store that must open. */
class HttpConfTest {

    private static final String STORE_PASSWORD = "web-test-secret";

    @TempDir
    Path home;

    private GroupbridgeConfig load(String yaml) throws Exception {
        Files.createDirectories(home.resolve("conf"));
        Path file = home.resolve("conf/groupbridge.yaml");
        Files.writeString(file, yaml);
        return new ConfigLoader(Map.of("WEB_KEYSTORE_PASSWORD", STORE_PASSWORD)).load(file);
    }

    private ConfigException refused(String yaml) {
        return catchThrowableOfType(ConfigException.class, () -> load(yaml));
    }

    @Test
    void theDefaultsListenOnLoopbackPort8470() throws Exception {
        HttpConfig http = load("").http();
        assertThat(http.enabled()).isTrue();
        assertThat(http.bind()).isEqualTo("127.0.0.1");
        assertThat(http.port()).isEqualTo(8470);
        assertThat(http.tls()).isEmpty();
        assertThat(http.idleTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(http.absoluteTimeout()).isEqualTo(Duration.ofHours(8));
    }

    @Test
    void loopbackAddressesNeedNoTls() throws Exception {
        for (String bind : List.of("127.0.0.1", "127.0.1.1", "::1", "localhost", "[::1]")) {
            assertThat(load("http:\n  bind: \"" + bind + "\"\n").http().loopback()).as(bind).isTrue();
        }
    }

    @Test
    void anAddressOffLoopbackWithoutTlsIsRefusedAtItsLine() {
        for (String bind : List.of("0.0.0.0", "192.0.2.10", "::", "groupbridge.example.com")) {
            ConfigException e = refused("http:\n  port: 8470\n  bind: \"" + bind + "\"\n");
            assertThat(e).as(bind).isNotNull();
            assertThat(e.key()).isEqualTo("http.bind");
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.getMessage()).contains("tls");
        }
        // Switched off, it listens nowhere, so the address does not matter.
        assertThat(refused("http:\n  enabled: false\n  bind: 0.0.0.0\n")).isNull();
    }

    @Test
    void aKeyStoreThatDoesNotOpenIsRefusedAndOneThatDoesAllowsAnyAddress() throws Exception {
        Path store = keyStore(home);
        ConfigException wrong = refused("http:\n  bind: 0.0.0.0\n  tls:\n    keyStore: " + store
                + "\n    keyStorePassword: not-it\n");
        assertThat(wrong.key()).isEqualTo("http.tls.keyStore");
        assertThat(wrong.getMessage()).doesNotContain("not-it");
        ConfigException missing = refused("http:\n  tls:\n    keyStore: " + home.resolve("none.p12") + "\n"
                + "    keyStorePassword: x\n");
        assertThat(missing.key()).isEqualTo("http.tls.keyStore");
        ConfigException noPassword = refused("http:\n  tls:\n    keyStore: " + store + "\n");
        assertThat(noPassword.key()).isEqualTo("http.tls.keyStorePassword");

        HttpConfig http = load("http:\n  bind: 0.0.0.0\n  tls:\n    keyStore: " + store
                + "\n    keyStorePassword: ${env:WEB_KEYSTORE_PASSWORD}\n").http();
        assertThat(http.tls()).isPresent();
        assertThat(http.tls().get().password().toString()).doesNotContain(STORE_PASSWORD);
    }

    @Test
    void anAbsoluteTimeoutShorterThanTheIdleOneIsRefused() {
        ConfigException e = refused("http:\n  session:\n    idleTimeout: 2h\n    absoluteTimeout: 1h\n");
        assertThat(e.key()).isEqualTo("http.session.absoluteTimeout");
    }

    @Test
    void underTlsTheServerSpeaksHttpsAndTheCookieIsSecureAndHostOnly() throws Exception {
        Path store = keyStore(home);
        try (TestHome t = TestHome.start(home.resolve("t"), null, DemoConf.SELF_SERVICE + "http:\n  port: 0\n"
                + "  tls:\n    keyStore: " + store + "\n    keyStorePassword: " + STORE_PASSWORD + "\n");
                GroupbridgeApp app = t.openApp();
                WebServer server = WebServer.start(app.config().http(), app.selfService(), app.store(), Clock.systemUTC(),
                        WebHarness.views(app, Clock.systemUTC()))) {
            assertThat(server.url()).startsWith("https://127.0.0.1:");
            HttpClient client = HttpClient.newBuilder().sslContext(trusting(store)).build();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(server.url() + "api/v1/session"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"login\":\"erin\",\"password\":\""
                            + DemoConf.PASSWORD + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie).startsWith("__Host-groupbridge=").contains("Secure", "HttpOnly", "SameSite=Strict",
                    "Path=/").doesNotContain("Domain");
            assertThat(r.headers().firstValue("Strict-Transport-Security")).isPresent();
            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertThat(catchThrowableOfType(java.io.IOException.class, () -> plain.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/api/openapi.yaml")).timeout(Duration
                    .ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()))).as("plain HTTP on the TLS port")
                    .isNotNull();
        }
    }

    /** A PKCS#12 key store with a self-signed certificate for 127.0.0.1, made by the JDK's keytool. */
    static Path keyStore(Path dir) throws Exception {
        Path store = dir.resolve("web.p12");
        if (Files.exists(store)) {
            return store;
        }
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "web", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", STORE_PASSWORD, "-keypass",
                STORE_PASSWORD).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return store;
    }

    private static SSLContext trusting(Path store) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, STORE_PASSWORD.toCharArray());
        }
        Certificate cert = keys.getCertificate("web");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("web", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
