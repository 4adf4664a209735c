package io.halkyon.plugin.sdk.logging.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class JsonLoggerTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final JsonLogWriter writer = new JsonLogWriter(out, LogLevel.INFO,
            Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC));
    private final Logger log = new JsonLoggerFactory(writer).getLogger("plugin.test");

    @Test
    void writesOneJsonLinePerEventWithPlaceholdersFilledIn() throws Exception {
        log.info("hello {} and {}", "a", 2);
        log.warn("careful", new IllegalStateException("boom"));

        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).get("@message").asText()).isEqualTo("hello a and 2");
        assertThat(lines.get(0).get("@module").asText()).isEqualTo("plugin.test");
        assertThat(lines.get(0).get("@timestamp").asText()).isEqualTo("2026-11-21T10:00:00.000000Z");
        assertThat(lines.get(1).get("@level").asText()).isEqualTo("warn");
        assertThat(lines.get(1).get("error").asText()).isEqualTo("java.lang.IllegalStateException: boom");
    }

    @Test
    void dropsEventsBelowTheThreshold() throws Exception {
        log.debug("not shown");
        log.trace("not shown");
        writer.threshold(LogLevel.DEBUG);
        log.debug("shown");

        assertThat(lines()).extracting(n -> n.get("@message").asText()).containsExactly("shown");
    }

    @Test
    void keyValuePairsOfTheFluentApiBecomeFields() throws Exception {
        log.atInfo().addKeyValue("dependent", "v1/ConfigMap/x").addKeyValue("count", 3).log("built {}", "it");

        JsonNode line = lines().get(0);
        assertThat(line.get("@message").asText()).isEqualTo("built it");
        assertThat(line.get("dependent").asText()).isEqualTo("v1/ConfigMap/x");
        assertThat(line.get("count").asInt()).isEqualTo(3);
    }

    @Test
    void theKnownKeepaliveWarningOfNettyIsDemotedToDebug() throws Exception {
        Logger netty = new JsonLoggerFactory(writer).getLogger("io.grpc.netty.shaded.io.netty.bootstrap.ServerBootstrap");
        netty.warn("Unknown channel option 'SO_KEEPALIVE' for channel '[id: 0x1]'");
        netty.warn("something else");

        assertThat(lines()).extracting(n -> n.get("@message").asText()).containsExactly("something else");
    }

    private List<JsonNode> lines() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) {
                nodes.add(json.readTree(line));
            }
        }
        return nodes;
    }
}
