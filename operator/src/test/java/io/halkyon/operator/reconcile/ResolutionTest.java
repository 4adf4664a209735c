package io.halkyon.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.halkyon.plugin.api.CapabilitySpec;
import io.halkyon.plugin.api.TypeInfo;
import io.halkyon.plugin.host.PluginRegistry;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ResolutionTest {

    private final FakePlugin postgres = new FakePlugin("pg", "database", List.of(TypeInfo.of("postgres", "15", "16")));
    private final FakePlugin redis = new FakePlugin("redis", "cache", List.of(TypeInfo.of("redis")));
    private final PluginRegistry registry = PluginRegistry.of(List.of(postgres, redis));

    private static CapabilitySpec spec(String category, String type, String version) {
        return new CapabilitySpec(category, type, version, List.of());
    }

    @Test
    void categoryAndTypeMatchIgnoringCaseAndAnEmptyVersionMatchesAny() {
        assertThat(Resolution.of(registry, spec("DataBase", "Postgres", null)).plugin()).isSameAs(postgres);
        assertThat(Resolution.of(registry, spec("database", "postgres", "")).plugin()).isSameAs(postgres);
        assertThat(Resolution.of(registry, spec("database", "postgres", "16")).plugin()).isSameAs(postgres);
    }

    @Test
    void aTypeListingNoVersionsServesAny() {
        assertThat(Resolution.of(registry, spec("cache", "redis", "7")).plugin()).isSameAs(redis);
    }

    @Test
    void aVersionNotOfferedNamesCategoryTypeVersionAndTheOfferedVersions() {
        Resolution r = Resolution.of(registry, spec("database", "postgres", "9"));
        assertThat(r.found()).isFalse();
        assertThat(r.failure()).contains("category 'database'", "type 'postgres'", "version '9'", "plugin 'pg'",
                "15, 16");
    }

    @Test
    void anUnknownTypeNamesWhatIsAvailable() {
        Resolution r = Resolution.of(registry, spec("database", "mysql", "8"));
        assertThat(r.found()).isFalse();
        assertThat(r.failure()).contains("no plugin provides category 'database', type 'mysql', version '8'")
                .contains("database/postgres [15, 16]").contains("cache/redis");
        assertThat(Resolution.of(PluginRegistry.empty(), spec("database", "mysql", null)).failure())
                .endsWith("; available: none");
    }

    @Test
    void whatIsAvailableIsBoundedHoweverManyTypesArePlugins() {
        // Ten plugins with as many long types as the host lets each have (64 of 63 characters).
        List<FakePlugin> many = IntStream.range(0, 10).mapToObj(p -> new FakePlugin("p" + p, "c" + p,
                IntStream.range(0, 64).mapToObj(t -> TypeInfo.of(String.format("t%02d", t) + "x".repeat(60), "1"))
                        .toList())).toList();

        String failure = Resolution.of(PluginRegistry.of(many), spec("database", "mysql", null)).failure();

        assertThat(failure).startsWith("no plugin provides category 'database', type 'mysql'; available: c0/t00")
                .endsWith(" and 620 more");
        assertThat(failure.substring(failure.indexOf("available: ")).split(", ")).hasSize(PluginRegistry.MAX_LISTED);
    }

    @Test
    void categoryAndTypeAreRequired() {
        assertThat(Resolution.of(registry, spec(null, "postgres", null)).failure())
                .contains("spec.category and spec.type are required");
    }
}
