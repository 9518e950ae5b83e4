package io.groupbridge.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short soak in the test command (issue 14, point 7): three minutes of churn, self-service and faults on a fixed
 * seed, so a regression of any invariant shows in CI. It runs on slapd when the Docker engine answers and the local
 * {@code groupbridge-test/openldap} image is there (as the container tests need), and on the embedded directory
 * otherwise, saying which; it never skips. The long runs are {@code scripts/soak}.
 */
class SoakTest {

    @TempDir
    Path work;

    @Test
    void threeMinutesOfChurnSelfServiceAndFaultsBreakNoInvariant() throws Exception {
        boolean slapd = Docker.hasImage(SoakDirectory.Slapd.IMAGE);
        PrintStream log = System.err;
        log.println("SoakTest: on " + (slapd ? "slapd (Docker and the local image are there)"
                : "the embedded directory (no Docker engine or no " + SoakDirectory.Slapd.IMAGE + " image)"));
        Soak.Options options = new Soak.Options(3, 14, "embedded", slapd ? "slapd" : "embedded", 1_000, 100, work);

        SoakFigures figures = new Soak(options, log).run();

        log.println(figures.table(options));
        assertThat(figures.violations()).isEmpty();
        assertThat(figures.passed()).containsKeys("store equals directory: groups", "store equals directory: members",
                "store equals directory: owners", "store equals directory: people", "the outbox drains",
                "status is truthful", "every outbox row written once", "daemon up");
        assertThat(figures.passed().get("store equals directory: members")).isGreaterThanOrEqualTo(2);
        assertThat(figures.count("", figures.faults())).as("faults injected").isPositive();
        assertThat(figures.count("cli: ", figures.actions()) + figures.count("api: ", figures.actions()))
                .as("self-service actions").isPositive();
        assertThat(figures.count("directory: ", figures.actions())).as("directory changes").isPositive();
    }
}
