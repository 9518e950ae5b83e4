package io.groupbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.groupbridge.fixtures.DirectoryGenerator;
import io.groupbridge.testing.TestHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconcile streams: a generated directory of 20 000 people and 2 000 groups reconciles in a separate agent JVM
 * capped at 256 MB of heap. The directory runs in this JVM, so the cap applies to the agent alone.
 */
class ForkedReconcileTest {

    @Test
    void reconcilesTwentyThousandPeopleAndTwoThousandGroupsIn256MegabytesOfHeap(@TempDir Path home,
            @TempDir Path work) throws Exception {
        Path seed = work.resolve("directory.ldif");
        new DirectoryGenerator().write(new DirectoryGenerator.Spec(20_000, 2_000, 25, 42L), seed);
        try (TestHome t = TestHome.start(home, seed, null)) {
            Path output = work.resolve("out.json");
            Path errors = work.resolve("err.txt");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process agent = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:+ExitOnOutOfMemoryError",
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "--conf", t.confFile().toString(), "reconcile", "--json"))
                    .redirectOutput(output.toFile())
                    .redirectError(errors.toFile())
                    .start();
            assertThat(agent.waitFor(5, TimeUnit.MINUTES)).as("agent finished in time").isTrue();

            assertThat(agent.exitValue()).as(Files.readString(errors)).isZero();
            JsonNode report = new ObjectMapper().readTree(output.toFile());
            assertThat(report.get("peopleAdded").asInt()).isEqualTo(20_000);
            assertThat(report.get("groupsAdded").asInt()).isEqualTo(2_000);
            assertThat(report.get("membersAdded").asInt()).isGreaterThan(40_000);
        }
    }
}
