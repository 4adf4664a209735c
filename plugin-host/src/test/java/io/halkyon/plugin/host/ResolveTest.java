package io.halkyon.plugin.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.halkyon.plugin.api.CapabilitySpec;
import io.halkyon.plugin.api.TypeInfo;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The one rule deciding which plugin serves a Capability: {@link PluginRegistry#resolve}. */
class ResolveTest {

    private final FakePlugin postgres = FakePlugin.of("pg", "database", TypeInfo.of("postgres", "15", "16"));
    private final FakePlugin redis = FakePlugin.of("redis", "cache", TypeInfo.of("redis"));
    private final PluginRegistry registry = PluginRegistry.of(List.of(postgres, redis));

    private Resolution resolve(String category, String type, String version) {
        return registry.resolve(new CapabilitySpec(category, type, version, List.of()));
    }

    @Test
    void categoryAndTypeMatchIgnoringCaseAndANullOrEmptyVersionMatchesAny() {
        assertThat(resolve("DataBase", "Postgres", null).plugin()).isSameAs(postgres);
        assertThat(resolve("database", "postgres", "").plugin()).isSameAs(postgres);
        assertThat(resolve("database", "postgres", "16").plugin()).isSameAs(postgres);
        assertThat(resolve("database", "postgres", "16").failure()).isNull();
    }

    @Test
    void aTypeListingNoVersionsServesAny() {
        assertThat(resolve("cache", "redis", "7").plugin()).isSameAs(redis);
    }

    @Test
    void aVersionIsMatchedExactlyAsWrittenAndTheFailureSaysWhyWhenSpacesSurroundIt() {
        for (String version : List.of(" 16", "16 ", "\t16")) {
            Resolution r = resolve("database", "postgres", version);
            assertThat(r.found()).as("'%s'", version).isFalse();
            assertThat(r.failure()).contains("version '" + version + "' (the version has spaces around it; values"
                    + " are matched as written): plugin 'pg' provides database/postgres in versions 15, 16 only");
        }
        assertThat(resolve("database", "postgres", "v16").found()).isFalse();
        assertThat(registry.find("database", "postgres")).as("find: no version").containsSame(postgres);
        assertThatThrownBy(() -> registry.require("database", "postgres", " 16"))
                .hasMessageContaining("version ' 16' (the version has spaces around it");
    }

    @Test
    void aCategoryOrTypeWithSpacesAroundItIsNotFoundAndTheFailureSaysWhy() {
        Resolution r = resolve(" database", "postgres ", "16");
        assertThat(r.found()).isFalse();
        assertThat(r.failure()).startsWith("no plugin provides category ' database', type 'postgres ', version '16'"
                + " (the category and type have spaces around them; values are matched as written); available: ");
    }

    @Test
    void aVersionNotOfferedNamesCategoryTypeVersionAndTheOfferedVersions() {
        Resolution r = resolve("database", "postgres", "9");
        assertThat(r.found()).isFalse();
        assertThat(r.plugin()).isNull();
        assertThat(r.failure()).isEqualTo("no plugin provides category 'database', type 'postgres', version '9':"
                + " plugin 'pg' provides database/postgres in versions 15, 16 only");
    }

    @Test
    void anUnknownTypeNamesWhatIsAvailable() {
        Resolution r = resolve("database", "mysql", "8");
        assertThat(r.failure()).contains("no plugin provides category 'database', type 'mysql', version '8'")
                .contains("database/postgres [15, 16]").contains("cache/redis");
        assertThat(PluginRegistry.empty().resolve("database", "mysql", null).failure())
                .isEqualTo("no plugin provides category 'database', type 'mysql'; available: none");
    }

    @Test
    void whatIsAvailableIsBoundedHoweverManyTypesArePlugins() {
        // Ten plugins with as many long types as the host lets each have (64 of 63 characters).
        List<FakePlugin> many = IntStream.range(0, 10).mapToObj(p -> new FakePlugin("p" + p, "c" + p,
                IntStream.range(0, 64).mapToObj(t -> TypeInfo.of(String.format("t%02d", t) + "x".repeat(60), "1"))
                        .toList())).toList();

        String failure = PluginRegistry.of(many).resolve("database", "mysql", null).failure();

        assertThat(failure).startsWith("no plugin provides category 'database', type 'mysql'; available: c0/t00")
                .endsWith(" and 620 more");
        assertThat(failure.substring(failure.indexOf("available: ")).split(", ")).hasSize(PluginRegistry.MAX_LISTED);
    }

    @Test
    void categoryAndTypeAreRequired() {
        assertThat(resolve(null, "postgres", null).failure())
                .isEqualTo("spec.category and spec.type are required (got category '', type 'postgres')");
        assertThat(resolve("database", " ", null).found()).isFalse();
        assertThat(registry.resolve((CapabilitySpec) null).failure()).startsWith("spec.category and spec.type");
    }

    @Test
    void aResolutionHoldsAPluginOrAFailureNeverBoth() {
        assertThatThrownBy(() -> new Resolution(postgres, "why")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Resolution(null, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
