package io.groupbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notifications section (spec R7): a command and a webhook, each refused at its line when it could not work or
 * would leak a secret (C2).
 */
class NotificationsConfigTest {

    @TempDir
    Path home;

    @Test
    void anEmptyConfNotifiesTheLogOnly() throws Exception {
        assertThat(load("").notifications()).isEqualTo(NotificationsConfig.defaults());
    }

    @Test
    void aCommandAndAWebhookWithItsTokenAreRead() throws Exception {
        NotificationsConfig n = load("""
                notifications:
                  command: [/usr/local/bin/notify-owners, --json]
                  webhook:
                    url: https://hooks.corp.example/groupbridge
                    header: X-Groupbridge-Token
                    token: hook-secret
                  timeout: 3s
                  maxAttempts: 100
                """).notifications();
        assertThat(n.command()).containsExactly("/usr/local/bin/notify-owners", "--json");
        assertThat(n.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(n.maxAttempts()).isEqualTo(100);
        assertThat(n.webhook()).hasValueSatisfying(w -> {
            assertThat(w.url()).isEqualTo(URI.create("https://hooks.corp.example/groupbridge"));
            assertThat(w.header()).hasValue("X-Groupbridge-Token");
            assertThat(w.token()).hasValueSatisfying(t -> assertThat(t.reveal()).isEqualTo("hook-secret"));
        });
        assertThat(load("notifications:\n  webhook:\n    url: http://127.0.0.1:9000/hook\n").notifications()
                .webhook()).hasValueSatisfying(w -> assertThat(w.header()).isEqualTo(Optional.empty()));
    }

    @Test
    void anEmptyCommandListAndAttemptsOutOfRangeAreRefused() {
        assertThat(refusal("notifications:\n  command: []\n"))
                .contains("groupbridge.yaml:2: notifications.command: the list is empty");
        assertThat(refusal("notifications:\n  maxAttempts: 0\n")).contains("notifications.maxAttempts: 0 is out of range");
        assertThat(refusal("notifications:\n  maxAttempts: 101\n"))
                .contains("notifications.maxAttempts: 101 is out of range");
    }

    /** Webhook URLs often carry a secret in their path or user info, so no refusal repeats the URL. */
    @Test
    void aWebhookUrlMustBeAbsoluteHttpWithoutUserInfoAndIsNeverEchoed() {
        assertThat(refusal(webhook("ftp://hooks.corp.example/s3cr3t")))
                .contains("groupbridge.yaml:3: notifications.webhook.url: scheme ftp is not http or https")
                .doesNotContain("s3cr3t");
        assertThat(refusal(webhook("/hooks/s3cr3t"))).contains("notifications.webhook.url: the URL has no scheme")
                .doesNotContain("s3cr3t");
        assertThat(refusal(webhook("https:///s3cr3t"))).contains("the URL has no host name").doesNotContain("s3cr3t");
        assertThat(refusal(webhook("https://bot:s3cr3t@hooks.corp.example/")))
                .contains("the URL contains user info").doesNotContain("s3cr3t");
        assertThat(refusal(webhook("https://hooks corp/s3cr3t"))).contains("not a URL").doesNotContain("s3cr3t");
    }

    @Test
    void headerAndTokenComeTogetherAndNeedAUrl() {
        assertThat(refusal("notifications:\n  webhook:\n    url: https://h.example/\n    header: X-Token\n"))
                .contains("notifications.webhook.token: is required but not set");
        assertThat(refusal("notifications:\n  webhook:\n    url: https://h.example/\n    token: tok-secret\n"))
                .contains("notifications.webhook.header: is required but not set").doesNotContain("tok-secret");
        assertThat(refusal("notifications:\n  webhook:\n    header: X-Token\n"))
                .contains("groupbridge.yaml:2: notifications.webhook.url: is required but not set");
        assertThat(refusal("notifications:\n  webhook:\n    token: tok-secret\n"))
                .contains("notifications.webhook.url: is required but not set");
    }

    /** The header must be a token, and not one Java's HTTP client or the agent sets itself. */
    @Test
    void aHeaderNameMustBeAnHttpTokenTheAgentDoesNotSet() {
        assertThat(refusal(header("X Token"))).contains("notifications.webhook.header: 'X Token' is not an HTTP header"
                + " name");
        for (String reserved : List.of("Host", "content-type", "Content-Length", "Connection", "Expect", "Upgrade")) {
            assertThat(refusal(header(reserved))).as(reserved)
                    .contains("header " + reserved + " is set by the agent itself");
        }
    }

    private static String webhook(String url) {
        return "notifications:\n  webhook:\n    url: '" + url + "'\n";
    }

    private static String header(String name) {
        return "notifications:\n  webhook:\n    url: https://h.example/\n    header: '" + name + "'\n    token: t\n";
    }

    private String refusal(String yaml) {
        return TestConfs.refusal(home, yaml);
    }

    private GroupbridgeConfig load(String yaml) throws Exception {
        return TestConfs.load(home, yaml);
    }
}
