package io.halkyon.plugin.sdk.logging.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonLogFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant TIME = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void escapesQuotesBackslashesAndControlCharacters() throws Exception {
        String nasty = "say \"hi\" \\ path\nnext\r\tand \u0001 \b \f \u2028 end";
        String quoted = JsonLogFormat.quote(nasty);

        assertThat(quoted).doesNotContain("\n").doesNotContain("\r").doesNotContain("\t").doesNotContain("\u0001");
        assertThat(quoted).contains("\\\"hi\\\"", "\\\\", "\\n", "\\r", "\\t", "\\u0001", "\\b", "\\f", "\\u2028");
        assertThat(JSON.readValue(quoted, String.class)).isEqualTo(nasty);
    }

    @Test
    void escapesALoneSurrogateButKeepsAPair() throws Exception {
        String text = "pair \uD83D\uDE00 lone \uD800 end";
        String quoted = JsonLogFormat.quote(text);

        assertThat(quoted).contains("\uD83D\uDE00").contains("\\ud800");
        assertThat(JSON.readValue(quoted, String.class)).isEqualTo(text);
    }

    @Test
    void lineHasHclogKeysAndAMicrosecondUtcTimestamp() throws Exception {
        String line = JsonLogFormat.line(TIME.plusNanos(1_234_567), LogLevel.WARN, "my.Logger", "hello \"world\"",
                null, null);

        assertThat(line).endsWith("}\n").hasLineCount(1);
        assertThat(line).startsWith("{\"@level\":\"warn\",\"@message\":");
        JsonNode node = JSON.readTree(line);
        assertThat(node.get("@level").asText()).isEqualTo("warn");
        assertThat(node.get("@message").asText()).isEqualTo("hello \"world\"");
        assertThat(node.get("@module").asText()).isEqualTo("my.Logger");
        // go-plugin parses exactly 2006-01-02T15:04:05.000000Z07:00
        assertThat(node.get("@timestamp").asText()).isEqualTo("2026-11-21T10:00:00.001234Z");
    }

    @Test
    void fieldsKeepTheirTypesAndAThrowableAddsErrorAndStacktrace() throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("count", 3);
        fields.put("ok", true);
        fields.put("name", "a\nb");
        fields.put("nothing", null);
        String line = JsonLogFormat.line(TIME, LogLevel.ERROR, "m", "failed", fields,
                new IllegalStateException("bad \"state\""));

        assertThat(line).hasLineCount(1);
        JsonNode node = JSON.readTree(line);
        assertThat(node.get("count").isInt()).isTrue();
        assertThat(node.get("ok").asBoolean()).isTrue();
        assertThat(node.get("name").asText()).isEqualTo("a\nb");
        assertThat(node.get("nothing").isNull()).isTrue();
        assertThat(node.get("error").asText()).isEqualTo("java.lang.IllegalStateException: bad \"state\"");
        assertThat(node.get("stacktrace").asText())
                .startsWith("java.lang.IllegalStateException: bad \"state\"")
                .contains("at " + JsonLogFormatTest.class.getName());
    }

    @Test
    void levelNamesAreHclogs() {
        assertThat(LogLevel.values()).extracting(LogLevel::wireName)
                .containsExactly("trace", "debug", "info", "warn", "error", "off");
        assertThat(LogLevel.parse("WARNING")).isEqualTo(LogLevel.WARN);
        assertThat(LogLevel.INFO.allows(LogLevel.DEBUG)).isFalse();
        assertThat(LogLevel.INFO.allows(LogLevel.ERROR)).isTrue();
        assertThat(LogLevel.OFF.allows(LogLevel.ERROR)).isFalse();
    }
}
