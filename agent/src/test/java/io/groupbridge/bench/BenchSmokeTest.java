package io.groupbridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves that {@code scripts/bench} still works without running a benchmark: the smallest size, one timed run per
 * case, every case present in the table and the chart drawn from the results file.
 */
class BenchSmokeTest {

    @Test
    void tinyBenchmarkMeasuresEveryCaseAndDrawsTheChart(@TempDir Path work) throws Exception {
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        int status = Bench.run(new String[] {"--size", "T", "--runs", "1", "--work", work.toString()},
                new PrintStream(table, true, StandardCharsets.UTF_8), System.err);

        assertThat(status).isZero();
        assertThat(table.toString(StandardCharsets.UTF_8)).contains("| raw-read (page=", "| raw-write", "| full",
                "| noop", "| incremental", "| raw-modify", "| write-back");

        Path chart = work.resolve("chart.png");
        BenchChart.main(new String[] {chart.toString(), work.resolve("results-T.tsv").toString()});
        assertThat(Files.size(chart)).isPositive();
    }
}
