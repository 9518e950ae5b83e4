package io.groupbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.testing.DemoConf;
import io.groupbridge.testing.TestHome;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, finding 11: {@code --password-file /dev/zero} read the whole "file" into memory and died of
 * OutOfMemoryError with a stack trace. Only the first line is read, up to a bound.
 */
class PasswordFileTest {

    @TempDir
    Path home;

    private TestHome testHome;
    private final CliHarness cli = new CliHarness();

    @BeforeEach
    void start() throws Exception {
        testHome = TestHome.start(home, null, DemoConf.SELF_SERVICE);
        assertThat(cli.run("--conf", testHome.confFile().toString(), "reconcile")).isZero();
    }

    @AfterEach
    void stop() {
        testHome.close();
    }

    @Test
    void anEndlessPasswordFileIsRefusedAsUsageWithoutReadingItWhole() {
        assertThat(cli.run("--conf", testHome.confFile().toString(), "groups", "mine", "--user", "dave",
                "--password-file", "/dev/zero")).isEqualTo(2);
        assertThat(cli.err()).contains("the password file /dev/zero has no line end within its first 4096 characters")
                .doesNotContain("OutOfMemoryError", "\tat ");
    }

    @Test
    void onlyTheFirstLineCountsAndACarriageReturnIsNotPartOfThePassword() throws Exception {
        Path file = home.resolve("password.txt");
        Files.writeString(file, DemoConf.PASSWORD + "\r\nsecond line is ignored\n");

        assertThat(cli.run("--conf", testHome.confFile().toString(), "groups", "mine", "--user", "dave",
                "--password-file", file.toString())).as(cli.err()).isZero();
        assertThat(cli.out()).contains("App Payroll Users");
    }
}
