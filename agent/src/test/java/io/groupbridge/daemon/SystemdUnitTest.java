package io.groupbridge.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, finding 10: {@code scripts/groupbridge.service} is hardened ({@code systemd-analyze security} at or below
 * 2.0, {@code verify} clean), an out-of-memory error ends the JVM so {@code Restart=on-failure} can act, and a conf
 * error (exit 2) is not restarted every 30 seconds for ever. The systemd checks run where {@code systemd-analyze} is
 * installed ({@code .ci/run} installs it); they need no running systemd.
 */
class SystemdUnitTest {

    private static final Path UNIT = Path.of("../scripts/groupbridge.service");
    private static final double MAX_EXPOSURE = 2.0;

    @TempDir
    Path dir;

    @Test
    void anOutOfMemoryErrorEndsTheJvmAndAConfErrorIsNotRestarted() throws IOException {
        List<String> lines = Files.readAllLines(UNIT);

        assertThat(String.join("\n", lines)).contains("-XX:+ExitOnOutOfMemoryError");
        assertThat(lines).contains("Restart=on-failure", "RestartPreventExitStatus=2")
                .anyMatch(l -> l.startsWith("StartLimitIntervalSec=")).anyMatch(l -> l.startsWith("StartLimitBurst="));
        assertThat(lines).as("the JIT needs writable executable memory").noneMatch(
                l -> l.startsWith("MemoryDenyWriteExecute="));
        assertThat(lines).contains("CapabilityBoundingSet=", "NoNewPrivileges=true", "ProtectSystem=strict",
                "ReadWritePaths=/opt/groupbridge/data", "PrivateDevices=true", "UMask=0077",
                "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX", "SystemCallFilter=@system-service",
                "SystemCallArchitectures=native");
    }

    @Test
    void systemdAnalyzeRatesTheUnitAtMostTwoAndVerifiesItClean() throws Exception {
        assumeTrue(installed(), "systemd-analyze not installed; .ci/run installs Debian's systemd package");
        // verify checks that ExecStart's binary exists; this test's own JVM stands in for /usr/bin/java.
        Path unit = dir.resolve("groupbridge.service");
        String java = ProcessHandle.current().info().command().orElse("/usr/bin/java");
        Files.writeString(unit, Files.readString(UNIT).replace("ExecStart=/usr/bin/java ", "ExecStart=" + java + " "));

        Result verify = run("systemd-analyze", "verify", unit.toString());
        assertThat(verify.exit()).as("systemd-analyze verify:%n%s", verify.output()).isZero();
        assertThat(verify.output()).as("warnings about the unit").doesNotContain("groupbridge.service");

        Result security = run("systemd-analyze", "security", "--offline=true", unit.toString());
        Matcher score = Pattern.compile("Overall exposure level for groupbridge\\.service: ([0-9.]+)")
                .matcher(security.output());
        assertThat(score.find()).as("systemd-analyze security:%n%s", security.output()).isTrue();
        assertThat(Double.parseDouble(score.group(1))).as("exposure; the findings:%n%s", security.output())
                .isLessThanOrEqualTo(MAX_EXPOSURE);
    }

    private static boolean installed() {
        try {
            return run("systemd-analyze", "--version").exit() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in 60 s");
            }
            return new Result(p.exitValue(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for " + String.join(" ", command), e);
        }
    }
}
