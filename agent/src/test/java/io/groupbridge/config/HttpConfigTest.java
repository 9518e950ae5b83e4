package io.groupbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The http section (issue 12): nothing listens beyond loopback without TLS, the key store is opened at load time, and
 * the session time-outs are consistent; every refusal names its key and line (C2).
 */
class HttpConfigTest {

    @TempDir
    Path home;

    @Test
    void anEmptyConfServesPlainHttpOnLoopbackWithTheDefaultTimeouts() throws Exception {
        HttpConfig http = load("").http();
        assertThat(http).isEqualTo(HttpConfig.defaults());
        assertThat(http.loopback()).isTrue();
    }

    @Test
    void theListenerFollowsTheConf() throws Exception {
        HttpConfig http = load("""
                http:
                  enabled: false
                  bind: ' ::1 '
                  port: 0
                  session:
                    idleTimeout: 5m
                    absoluteTimeout: 5m
                """).http();
        assertThat(http).isEqualTo(new HttpConfig(false, "::1", 0, Optional.empty(), Duration.ofMinutes(5),
                Duration.ofMinutes(5)));
        assertThat(load("http:\n  port: 65535\n").http().port()).isEqualTo(65535);
    }

    @Test
    void aPortOutsideZeroTo65535IsRefusedAtItsLine() {
        assertThat(refusal("http:\n  port: 65536\n")).contains("groupbridge.yaml:2: http.port: 65536 is out of range");
        assertThat(refusal("http:\n  port: -1\n")).contains("groupbridge.yaml:2: http.port: -1 is out of range");
    }

    /** Sign-in passwords and session cookies must not cross the network in clear text. */
    @Test
    void aBindReachableFromOtherHostsNeedsTls() throws Exception {
        assertThat(refusal("http:\n  bind: 0.0.0.0\n")).contains("groupbridge.yaml:2: http.bind: '0.0.0.0' is"
                + " reachable from other hosts");
        assertThat(refusal("http:\n  bind: panel.corp.example\n")).contains("http.bind: 'panel.corp.example'");
        assertThat(load("http:\n  enabled: false\n  bind: 0.0.0.0\n").http().bind())
                .as("a listener that is not started exposes nothing").isEqualTo("0.0.0.0");
        assertThat(load("http:\n  enabled: false\n  bind: 0.0.0.0\n").http().loopback()).isFalse();
        for (String loopback : new String[] {"localhost", "LOCALHOST", "127.0.0.2", "::1", "[::1]"}) {
            assertThat(HttpConfig.isLoopback(loopback)).as(loopback).isTrue();
        }
        for (String remote : new String[] {"10.0.0.1", "::", "[::]", "0.0.0.0", "example.com", "127.0.0.1.example",
                "[127.0.0.1", "fe80::1"}) {
            assertThat(HttpConfig.isLoopback(remote)).as(remote).isFalse();
        }
    }

    @Test
    void aKeyStoreIsOpenedAtLoadSoAWrongPasswordOrFileStopsTheLoad() throws Exception {
        Path p12 = home.resolve("conf/panel.p12");
        Files.createDirectories(p12.getParent());
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (OutputStream out = Files.newOutputStream(p12)) {
            store.store(out, "right-one".toCharArray());
        }
        HttpConfig http = load("http:\n  bind: 0.0.0.0\n  tls:\n    keyStore: conf/panel.p12\n"
                + "    keyStorePassword: right-one\n").http();
        assertThat(http.tls()).hasValueSatisfying(tls -> {
            assertThat(tls.keyStore()).isEqualTo(p12);
            assertThat(tls.password().reveal()).isEqualTo("right-one");
        });

        String wrong = refusal("http:\n  tls:\n    keyStore: conf/panel.p12\n    keyStorePassword: wrong-one\n");
        assertThat(wrong).contains("groupbridge.yaml:3: http.tls.keyStore: cannot open " + p12)
                .doesNotContain("wrong-one");
        assertThat(refusal("http:\n  tls:\n    keyStore: conf/none.p12\n    keyStorePassword: x\n"))
                .contains("http.tls.keyStore: cannot open");
    }

    @Test
    void aKeyStoreAndItsPasswordGoTogether() {
        assertThat(refusal("http:\n  tls:\n    keyStore: conf/panel.p12\n"))
                .contains("groupbridge.yaml:2: http.tls.keyStorePassword: is required but not set");
        assertThat(refusal("http:\n  tls:\n    keyStorePassword: secret-pw\n"))
                .contains("groupbridge.yaml:2: http.tls.keyStore: is required but not set")
                .doesNotContain("secret-pw");
    }

    @Test
    void theAbsoluteTimeoutMayNotBeShorterThanTheIdleOne() {
        assertThat(refusal("http:\n  session:\n    idleTimeout: 2h\n    absoluteTimeout: 1h\n"))
                .contains("groupbridge.yaml:4: http.session.absoluteTimeout: is shorter than"
                        + " http.session.idleTimeout (2h)");
        assertThat(refusal("http:\n  session:\n    idleTimeout: 0s\n"))
                .contains("groupbridge.yaml:3: http.session.idleTimeout: '0s' is not a positive duration");
    }

    private String refusal(String yaml) {
        return TestConfs.refusal(home, yaml);
    }

    private GroupbridgeConfig load(String yaml) throws Exception {
        return TestConfs.load(home, yaml);
    }
}
