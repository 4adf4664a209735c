package io.halkyon.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Report report = new Report(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    @Test
    void printsNameValueLinesWithDecimalsBelowAHundred() {
        report.put("build_p50_us", 1234.56);
        report.put("build_vs_raw_p50", 1.234);
        assertThat(lines()).containsExactly("build_p50_us: 1235", "build_vs_raw_p50: 1.23");
    }

    @Test
    void aRatioDividesTwoFiguresReportedBefore() {
        report.put("a", 300);
        report.put("b", 200);
        report.ratio("a_vs_b", "a", "b");
        assertThat(report.get("a_vs_b")).isEqualTo(1.5);
        assertThat(lines()).last().isEqualTo("a_vs_b: 1.50");
    }

    @Test
    void aRatioOfAMissingFigureIsNotAvailable() {
        report.put("a", 3);
        report.ratio("a_vs_missing", "a", "missing");
        assertThat(lines()).last().isEqualTo("a_vs_missing: n/a");
    }

    @Test
    void commentsStartWithAHash() {
        report.comment("cores: 2");
        assertThat(lines()).containsExactly("# cores: 2");
    }

    private List<String> lines() {
        return List.of(bytes.toString(StandardCharsets.UTF_8).split("\n"));
    }
}
