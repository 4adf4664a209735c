package io.halkyon.plugin.proto.internal.capability;

import static org.assertj.core.api.Assertions.assertThat;

import io.halkyon.plugin.proto.capability.v1.PluginInfo;
import io.halkyon.plugin.proto.capability.v1.TypeInfo;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The GetInfo bounds, at and just past each limit. */
class PluginInfoRulesTest {

    private static PluginInfo.Builder info() {
        return PluginInfo.newBuilder().setName("pg").setVersion("1.2.3+build.4").setCategory("database");
    }

    private static TypeInfo type(String name, String... versions) {
        return TypeInfo.newBuilder().setType(name).addAllVersions(List.of(versions)).build();
    }

    @Test
    void anOrdinaryAnswerPassesAndCaseIsIgnored() {
        assertThat(PluginInfoRules.problem(info().addTypes(type("postgres", "13", "9.6", "16-alpine")).build()))
                .isEmpty();
        assertThat(PluginInfoRules.problem(info().setCategory("Database").addTypes(type("PostgreSQL")).build()))
                .isEmpty();
        assertThat(PluginInfoRules.problem(info().setName("").setVersion("").addTypes(type("pg")).build()))
                .as("name and version are optional").isEmpty();
    }

    @Test
    void countsAreBoundedAtTheirLimit() {
        PluginInfo.Builder atLimit = info();
        IntStream.range(0, PluginInfoRules.MAX_TYPES).forEach(i -> atLimit.addTypes(type("t" + i)));
        assertThat(PluginInfoRules.problem(atLimit.build())).isEmpty();
        assertThat(PluginInfoRules.problem(atLimit.addTypes(type("one-more")).build()))
                .contains("65 types; expected at most 64 per plugin");

        String[] versions = IntStream.range(0, PluginInfoRules.MAX_VERSIONS).mapToObj(Integer::toString)
                .toArray(String[]::new);
        assertThat(PluginInfoRules.problem(info().addTypes(type("pg", versions)).build())).isEmpty();
        TypeInfo tooMany = type("pg", versions).toBuilder().addVersions("99").build();
        assertThat(PluginInfoRules.problem(info().addTypes(tooMany).build()))
                .contains("33 versions in types[0] 'pg'; expected at most 32 per type");
    }

    @Test
    void lengthsAreBoundedAtTheirLimit() {
        assertThat(PluginInfoRules.problem(info().addTypes(type("t".repeat(63))).build())).isEmpty();
        assertThat(PluginInfoRules.problem(info().addTypes(type("t".repeat(64))).build()).orElseThrow())
                .startsWith("an invalid type (in lower case, it names CapabilityInfo objects): types[0].type: Invalid"
                        + " value: ").endsWith("must be no more than 63 characters");
        assertThat(PluginInfoRules.problem(info().setName("n".repeat(63)).addTypes(type("pg")).build())).isEmpty();
        assertThat(PluginInfoRules.problem(info().setVersion("v".repeat(64)).addTypes(type("pg")).build()))
                .contains("a version of 64 characters; expected at most 63");
    }

    @Test
    void whatCannotNameAnObjectIsRefusedNamingTheField() {
        assertThat(PluginInfoRules.problem(info().setCategory("").build())).contains("an empty category");
        assertThat(PluginInfoRules.problem(info().build())).contains("no types for category 'database'");
        assertThat(PluginInfoRules.problem(info().addTypes(type("pg")).addTypes(type("a.b")).build()).orElseThrow())
                .isEqualTo("an invalid type (in lower case, it names CapabilityInfo objects): types[1].type:"
                        + " Invalid value: \"a.b\": must not contain dots");
        assertThat(PluginInfoRules.problem(info().addTypes(type("pg", "13", "")).build()))
                .contains("an invalid version: types[0].versions[1]: Required value");
        assertThat(PluginInfoRules.problem(info().addTypes(type("pg")).addTypes(type("PG")).build()))
                .contains("types[1].type 'PG' again (types[0]); expected each type once, ignoring case");
        assertThat(PluginInfoRules.problem(info().setVersion("1\r\n").addTypes(type("pg")).build()))
                .contains("a version with control characters; expected one line of text");
    }
}
