package io.groupbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code groupbridge conf check}. */
class ConfCommandTest {

    @TempDir
    Path home;

    private final CliHarness cli = new CliHarness();

    /** issue 10, finding 3: a password written into the store's JDBC URL is not printed. */
    @Test
    void checkShowsTheStoreUrlWithoutThePasswordInIt() throws Exception {
        Path conf = home.resolve("conf/groupbridge.yaml");
        Files.createDirectories(conf.getParent());
        Files.writeString(conf,
                "store:\n  url: jdbc:postgresql://gb:url-secret@db.corp.example/gb?password=other-secret\n");

        assertThat(cli.run("--conf", conf.toString(), "conf", "check")).isZero();

        assertThat(cli.out()).contains("store:     jdbc:postgresql://gb:******@db.corp.example/gb?password=******")
                .doesNotContain("url-secret").doesNotContain("other-secret");
    }

    /** issue 10, finding 3: nor in the error for a store URL that is not a JDBC URL. */
    @Test
    void aStoreUrlThatIsNotJdbcIsReportedWithoutItsPassword() throws Exception {
        Path conf = home.resolve("conf/groupbridge.yaml");
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, "store:\n  url: postgresql://gb:url-secret@db/gb\n");

        assertThat(cli.run("--conf", conf.toString(), "conf", "check")).isEqualTo(2);

        assertThat(cli.err()).contains("store.url", "postgresql://gb:******@db/gb").doesNotContain("url-secret");
    }
}
