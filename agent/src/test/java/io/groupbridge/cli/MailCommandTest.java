package io.groupbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.groupbridge.testing.DemoConf;
import io.groupbridge.testing.TestHome;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code groupbridge mail send} and the mail line of {@code status} (spec M1, M3): the one-shot drain for a setup
 * without the daemon, against GreenMail on loopback, before and after the server is up.
 */
class MailCommandTest {

    private final CliHarness cli = CliHarness.withDemoPassword();

    @Test
    void mailSendDrainsTheQueueOnceTheServerIsUpAndStatusCountsIt(@TempDir Path home) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (TestHome t = TestHome.start(home, null, DemoConf.SELF_SERVICE + """
                notifications:
                  mail:
                    host: 127.0.0.1
                    port: %d
                    security: none
                    from: groupbridge@example.com
                    templates: %s
                """.formatted(port, Path.of("../conf/mail").toAbsolutePath().normalize()))) {
            assertThat(cli.runOn(t.confFile(), "reconcile")).isZero();
            assertThat(cli.runOn(t.confFile(), "groups", "edit", "Project Phoenix", "--policy", "owner-approval",
                    "--user", "grace")).as(cli.err()).isZero();
            assertThat(cli.runOn(t.confFile(), "request", "Project Phoenix", "--justification", "I review designs",
                    "--user", "niaj")).as(cli.err()).isZero();

            assertThat(cli.runOn(t.confFile(), "mail", "send")).as("no server yet").isEqualTo(1); // spec M3
            assertThat(cli.out()).startsWith("mail: 0 sent, 1 to retry, 0 failed")
                    .contains("stopped, the rest stays queued");
            assertThat(cli.runOn(t.confFile(), "status")).isZero();
            assertThat(cli.out()).contains("mail:    2 queued, 0 failed, 0 sent, 0 skipped (no address)");

            GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
            try {
                // The failed pass stopped at its first mail, whose back-off (a minute) is not over; the second
                // owner's mail was not tried then, so it goes now.
                assertThat(cli.runOn(t.confFile(), "mail", "send", "--json")).isZero();
                assertThat(cli.out()).contains("\"sent\" : 1").contains("\"stopped\" : null");
                assertThat(smtp.getReceivedMessages()).hasSize(1);
            } finally {
                smtp.stop();
            }
        }
    }

    @Test
    void mailSendWithoutMailSetUpSaysWhichKeyIsMissing(@TempDir Path home) throws Exception { // spec M1
        try (TestHome t = TestHome.start(home, null, DemoConf.SELF_SERVICE)) {
            assertThat(cli.runOn(t.confFile(), "mail", "send")).isEqualTo(2);
            assertThat(cli.err()).contains("notifications.mail.host");
            assertThat(cli.runOn(t.confFile(), "status")).isZero();
            assertThat(cli.out()).doesNotContain("mail:");
        }
    }
}
