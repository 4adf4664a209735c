package io.halkyon.plugin.sdk.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.halkyon.plugin.sdk.logging.internal.JsonLoggerFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.SLF4JServiceProvider;

/** The jar alone on a classpath: SLF4J finds it with no property, and its loggers write on System.err. */
class JsonServiceProviderTest {

    @Test
    void slf4jFindsItAsTheOnlyProvider() {
        assertThat(ServiceLoader.load(SLF4JServiceProvider.class).stream().map(ServiceLoader.Provider::type))
                .containsExactly(JsonServiceProvider.class);
        assertThat(System.getProperty("slf4j.provider")).isNull();
        assertThat(LoggerFactory.getILoggerFactory()).isInstanceOf(JsonLoggerFactory.class);
    }

    @Test
    void eachLineGoesToSystemErrAsItIsWhenTheEventHappens() throws Exception {
        org.slf4j.Logger log = LoggerFactory.getLogger("provider.test");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            log.atWarn().addKeyValue("answer", 42).log("to the {} stderr", "current");
        } finally {
            System.setErr(original);
        }

        JsonNode line = new ObjectMapper().readTree(captured.toString(StandardCharsets.UTF_8));
        assertThat(line.get("@level").asText()).isEqualTo("warn");
        assertThat(line.get("@module").asText()).isEqualTo("provider.test");
        assertThat(line.get("@message").asText()).isEqualTo("to the current stderr");
        assertThat(line.get("answer").asInt()).isEqualTo(42);
    }
}
