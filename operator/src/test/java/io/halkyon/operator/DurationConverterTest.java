package io.halkyon.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

    @ParameterizedTest
    @CsvSource({
            "500ms, PT0.5S",
            "3s, PT3S",
            "1m, PT1M",
            "2h, PT2H",
            "1m30s, PT1M30S",
            "1h2m3s4ms, PT1H2M3.004S",
            "' 90s ', PT1M30S",
    })
    void readsNumbersWithUnits(String text, String expected) {
        assertThat(DurationConverter.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "3", "3x", "s", "-1s", "1.5s", "3 s", "3S", "PT3S", "1s500"})
    void rejectsWhatIsNotADurationQuotingItAndTheFormat(String text) {
        assertThatThrownBy(() -> DurationConverter.parse(text))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("'" + text + "'")
                .hasMessageContaining(DurationConverter.FORMAT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0s", "0ms", "0h0m"})
    void rejectsZero(String text) {
        assertThatThrownBy(() -> DurationConverter.parse(text))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("greater than zero");
    }

    @Test
    void rejectsOverflowInsteadOfWrappingAround() {
        String huge = "999999999999h".repeat(3000);
        assertThatThrownBy(() -> DurationConverter.parse(huge)).isInstanceOf(TypeConversionException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"500ms", "3s", "1m", "2h", "1m30s", "1h2m3s4ms"})
    void formatReadsBack(String text) {
        assertThat(DurationConverter.format(DurationConverter.parse(text))).isEqualTo(text);
    }

    @Test
    void aBadOptionValueIsAUsageErrorNamingTheOptionAndTheFormat() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = HalkyonOperator.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));

        int exit = commandLine.execute("plugins", "--start-timeout", "3 seconds");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--start-timeout").contains("'3 seconds'").contains(DurationConverter.FORMAT);
        assertThat(out.toString()).isEmpty();
    }
}
