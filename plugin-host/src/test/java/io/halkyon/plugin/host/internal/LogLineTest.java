package io.halkyon.plugin.host.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class LogLineTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"trace,TRACE", "debug,DEBUG", "info,INFO", "warn,WARN", "WARNING,WARN", "error,ERROR",
        "fatal,ERROR", "Panic,ERROR", "bogus,INFO", "'',INFO"})
    void mapsLevelNames(String name, Level level) {
        assertThat(LogLine.level(name)).isEqualTo(level);
    }

    @Test
    void jsonLineUsesLevelMessageModuleAndFields() {
        LogLine line = LogLine.parse("{\"@level\":\"warn\",\"@message\":\"disk almost full\","
                + "\"@timestamp\":\"2024-01-01T00:00:00.000Z\",\"@module\":\"db\",\"free\":3,\"unit\":\"GB\"}");
        assertThat(line.level()).isEqualTo(Level.WARN);
        assertThat(line.message()).isEqualTo("[db] disk almost full free=3 unit=GB");
    }

    @Test
    void jsonLineWithoutLevelIsInfo() {
        assertThat(LogLine.parse("{\"@message\":\"hi\"}")).isEqualTo(new LogLine(Level.INFO, "hi"));
    }

    @Test
    void jsonWithoutHclogKeysOrBrokenJsonIsPlainText() {
        assertThat(LogLine.parse("{\"a\":1}")).isEqualTo(new LogLine(Level.INFO, "{\"a\":1}"));
        assertThat(LogLine.parse("{\"@level\":\"error\"")).isEqualTo(new LogLine(Level.INFO, "{\"@level\":\"error\""));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "[TRACE] t; TRACE; t",
        "[DEBUG] x; DEBUG; x",
        "[INFO]  spaced; INFO; ' spaced'",
        "[WARN] w; WARN; w",
        "[ERROR] y; ERROR; y",
        "[error] lower; ERROR; lower",
        "2024-05-01T10:00:00.000Z [ERROR] with timestamp; ERROR; with timestamp",
    })
    void textLinesWithLevelPrefix(String raw, Level level, String message) {
        assertThat(LogLine.parse(raw)).isEqualTo(new LogLine(level, message));
    }

    @Test
    void otherTextIsInfoVerbatim() {
        assertThat(LogLine.parse("hello [ERROR] not a prefix")).isEqualTo(new LogLine(Level.INFO, "hello [ERROR] not a prefix"));
        assertThat(LogLine.parse("[NOTICE] x")).isEqualTo(new LogLine(Level.INFO, "[NOTICE] x"));
    }

    @Test
    void rendersForErrorMessages() {
        assertThat(LogLine.parse("[ERROR] boom").render()).isEqualTo("[ERROR] boom");
    }
}
