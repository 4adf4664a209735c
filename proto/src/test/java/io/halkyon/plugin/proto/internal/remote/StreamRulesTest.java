package io.halkyon.plugin.proto.internal.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.halkyon.plugin.proto.pluginframework.v1.PluginRegister;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamRulesTest {

    @Test
    void aRegisterWithinTheRulesHasNoProblem() {
        PluginRegister register = PluginRegister.newBuilder().setName("postgres-plugin_1.2").setVersion("v1.2.3 (build 7)")
                .addServices("halkyon.capability.v1.CapabilityPlugin").setExtensions(1).build();
        assertThat(StreamRules.problem(register)).isEmpty();
        assertThat(StreamRules.problem(PluginRegister.newBuilder().setName("a").build())).isEmpty();
    }

    @Test
    void theNameMustBeOneTo63AllowedCharacters() {
        assertThat(StreamRules.nameProblem("x".repeat(63))).isEmpty();
        assertThat(StreamRules.nameProblem("")).contains("name '': expected 1 to 63 characters of A-Z a-z 0-9 . _ -");
        assertThat(StreamRules.nameProblem("x".repeat(64))).get().asString().startsWith("name 'xxx").contains("expected 1 to 63");
        assertThat(StreamRules.nameProblem("a/b")).get().asString().startsWith("name 'a/b'");
        assertThat(StreamRules.nameProblem("a b")).isPresent();
    }

    @Test
    void theVersionIsAtMost64PrintableAsciiCharacters() {
        assertThat(StreamRules.versionProblem("")).isEmpty();
        assertThat(StreamRules.versionProblem("v".repeat(64))).isEmpty();
        assertThat(StreamRules.versionProblem("v".repeat(65))).get().asString().contains("at most 64 printable ASCII");
        assertThat(StreamRules.versionProblem("1\n2")).contains("version '1\\u000a2': expected at most 64 printable ASCII characters");
        assertThat(StreamRules.versionProblem("é")).isPresent();
    }

    @Test
    void servicesAreAtMost32FullServiceNames() {
        assertThat(StreamRules.servicesProblem(Collections.nCopies(32, "a.B"))).isEmpty();
        assertThat(StreamRules.servicesProblem(Collections.nCopies(33, "a.B"))).contains("services: 33 of them; expected at most 32");
        assertThat(StreamRules.servicesProblem(List.of("a.B", "a/B"))).get().asString().startsWith("services[1] 'a/B'");
        assertThat(StreamRules.servicesProblem(List.of(""))).get().asString().startsWith("services[0] ''");
        assertThat(StreamRules.servicesProblem(List.of("s".repeat(256)))).get().asString().contains("(cut, 256 characters)");
    }

    @Test
    void aRequestIdIsOneTo64PrintableAsciiCharacters() {
        assertThat(StreamRules.requestIdProblem("req-1")).isEmpty();
        assertThat(StreamRules.requestIdProblem("r".repeat(64))).isEmpty();
        assertThat(StreamRules.requestIdProblem("")).contains("request_id '': expected 1 to 64 printable ASCII characters");
        assertThat(StreamRules.requestIdProblem("r".repeat(65))).isPresent();
        assertThat(StreamRules.requestIdProblem("r\u0000")).isPresent();
    }

    @Test
    void quotingEscapesAndCuts() {
        assertThat(StreamRules.quote("it's\t\u00e9")).isEqualTo("'it\\u0027s\\u0009\\u00e9'");
        assertThat(StreamRules.quote("y".repeat(100))).isEqualTo("'" + "y".repeat(80) + "' (cut, 100 characters)");
    }
}
