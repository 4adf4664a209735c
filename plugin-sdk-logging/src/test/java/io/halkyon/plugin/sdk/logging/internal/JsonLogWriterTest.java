package io.halkyon.plugin.sdk.logging.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonLogWriterTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Test
    void theEnvironmentVariableSetsTheThresholdBeforeTheSystemProperty() {
        JsonLogWriter writer = JsonLogWriter.configured(out, Map.of(JsonLogWriter.ENV_LOG_LEVEL, "debug")::get,
                Map.of(JsonLogWriter.PROPERTY_LOG_LEVEL, "error")::get, CLOCK);

        assertThat(writer.threshold()).isEqualTo(LogLevel.DEBUG);
        assertThat(out.size()).as("nothing to report").isZero();
    }

    @Test
    void withoutTheVariableTheSystemPropertyAndThenInfoApply() {
        assertThat(JsonLogWriter.configured(out, Map.<String, String>of()::get,
                Map.of(JsonLogWriter.PROPERTY_LOG_LEVEL, "warn")::get, CLOCK).threshold()).isEqualTo(LogLevel.WARN);
        assertThat(JsonLogWriter.configured(out, Map.<String, String>of()::get, Map.<String, String>of()::get, CLOCK)
                .threshold()).isEqualTo(LogLevel.INFO);
    }

    @Test
    void anUnknownLevelLogsAtInfoAndSaysSoInAWarnLine() throws Exception {
        JsonLogWriter writer = JsonLogWriter.configured(out, Map.of(JsonLogWriter.ENV_LOG_LEVEL, "loud")::get,
                Map.<String, String>of()::get, CLOCK);

        assertThat(writer.threshold()).isEqualTo(LogLevel.INFO);
        JsonNode line = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(line.get("@level").asText()).isEqualTo("warn");
        assertThat(line.get("@message").asText()).isEqualTo("HALKYON_PLUGIN_LOG_LEVEL: unknown log level 'loud':"
                + " expected trace, debug, info, warn, error or off; logging at info");
    }
}
