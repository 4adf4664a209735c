package io.halkyon.plugin.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.api.PluginNotFoundException;
import io.halkyon.plugin.api.TypeInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PluginRegistryTest {

    private final FakePlugin postgres = FakePlugin.of("pg", "database", TypeInfo.of("postgres", "13", "14"));
    private final FakePlugin mysql = FakePlugin.of("my", "Database", TypeInfo.of("MySQL"), TypeInfo.of("mariadb", "10"));
    private final PluginRegistry registry = PluginRegistry.of(List.of(postgres, mysql));

    @Test
    void findsByCategoryAndTypeIgnoringCase() {
        assertThat(registry.find("DATABASE", "Postgres")).containsSame(postgres);
        assertThat(registry.find("database", "mysql")).containsSame(mysql);
        assertThat(registry.find("database", "oracle")).isEmpty();
        assertThat(registry.find("metrics", "postgres")).isEmpty();
    }

    @Test
    void requireMatchesVersionsAndEmptyMatchesAny() {
        assertThat(registry.require("database", "postgres", "14")).isSameAs(postgres);
        assertThat(registry.require("database", "postgres", "")).isSameAs(postgres);
        assertThat(registry.require("database", "postgres", null)).isSameAs(postgres);
        assertThat(registry.require("database", "mysql", "8")).as("no versions listed: any").isSameAs(mysql);
    }

    @Test
    void requireThrowsResolvesFailureNamingCategoryTypeVersionAndWhatExists() {
        assertThatThrownBy(() -> registry.require("database", "postgres", "17"))
                .isInstanceOf(PluginNotFoundException.class)
                .hasMessage(registry.resolve("database", "postgres", "17").failure())
                .hasMessageContaining("version '17'")
                .hasMessageContaining("plugin 'pg' provides database/postgres in versions 13, 14 only");
        assertThatThrownBy(() -> registry.require("database", "oracle", "19"))
                .isInstanceOf(PluginNotFoundException.class)
                .hasMessageContaining("no plugin provides category 'database', type 'oracle', version '19'")
                .hasMessageContaining("database/postgres [13, 14] (plugin 'pg')")
                .hasMessageContaining("Database/mariadb [10] (plugin 'my')");
        assertThatThrownBy(() -> PluginRegistry.empty().require("a", "b", ""))
                .hasMessage("no plugin provides category 'a', type 'b'; available: none");
    }

    @Test
    void whatExistsIsListedUpToTwentyEntriesAndTheRestCounted() {
        // Many plugins, each with as many types as the host allows: the message stays bounded.
        List<FakePlugin> many = java.util.stream.IntStream.range(0, 10).mapToObj(p -> FakePlugin.of("p" + p, "c" + p,
                java.util.stream.IntStream.range(0, 64).mapToObj(t -> TypeInfo.of(String.format("t%02d", t), "1"))
                        .toArray(TypeInfo[]::new))).toList();
        PluginRegistry big = PluginRegistry.of(many);

        assertThat(big.available()).startsWith("c0/t00 [1] (plugin 'p0'), c0/t01 [1] (plugin 'p0'), ")
                .endsWith(", c0/t19 [1] (plugin 'p0') and 620 more");
        assertThatThrownBy(() -> big.require("c0", "nope", null)).hasMessageEndingWith(" and 620 more");
        assertThat(registry.available()).isEqualTo(String.join(", ", registry.describe()));
    }

    @Test
    void firstClaimWinsAndEachConflictIsReported() {
        FakePlugin other = FakePlugin.of("other", "DATABASE", TypeInfo.of("POSTGRES", "16"), TypeInfo.of("mysql"),
                TypeInfo.of("redis"));
        Map<String, Plugin> bySource = new LinkedHashMap<>();
        bySource.put("file a.jar", postgres);
        bySource.put("file b.jar", mysql);
        bySource.put("file c.jar", other);
        PluginRegistry r = PluginRegistry.build(bySource);
        assertThat(r.find("database", "postgres")).containsSame(postgres);
        assertThat(r.find("database", "mysql")).containsSame(mysql);
        assertThat(r.find("database", "redis")).containsSame(other);
        assertThat(r.conflicts()).containsExactly(
                "DATABASE/POSTGRES is provided by file a.jar (plugin 'pg', kept) and by file c.jar (plugin 'other', ignored)",
                "DATABASE/mysql is provided by file b.jar (plugin 'my', kept) and by file c.jar (plugin 'other', ignored)");
        assertThat(registry.conflicts()).isEmpty();
    }

    @Test
    void stateOfTellsEachPluginsStateWhenTheRegistryWasBuilt() {
        Map<String, Plugin> bySource = new LinkedHashMap<>();
        bySource.put("file a", postgres);
        bySource.put("file b", mysql);
        Map<Plugin, PluginState> states = new java.util.IdentityHashMap<>();
        states.put(postgres, PluginState.RESTARTING);
        states.put(mysql, PluginState.RUNNING);
        PluginRegistry r = PluginRegistry.build(bySource, states);
        assertThat(r.stateOf(postgres)).contains(PluginState.RESTARTING);
        assertThat(r.stateOf(mysql)).contains(PluginState.RUNNING);
        assertThat(r.stateOf(FakePlugin.of("x", "y"))).isEmpty();
        assertThat(r.require("database", "postgres", "13")).as("still provided while restarting").isSameAs(postgres);
        assertThat(r.describe()).contains("database/postgres [13, 14] (plugin 'pg') RESTARTING",
                "Database/MySQL [] (plugin 'my')");
        assertThat(registry.stateOf(postgres)).as("of(...) takes plugins as RUNNING").contains(PluginState.RUNNING);
    }

    @Test
    void aMergeKeepsTheEarlierRegistrysClaimsAndStatesAndReportsTheConflict() {
        FakePlugin remote = FakePlugin.of("remote-pg", "database", TypeInfo.of("postgres", "16"), TypeInfo.of("cockroach"));
        PluginRegistry local = PluginRegistry.of(Map.of("file pg.jar", postgres), Map.of());
        PluginRegistry remotes = PluginRegistry.of(Map.of("remote plugin 'remote-pg'", remote),
                Map.of(remote, PluginState.DISCONNECTED));

        PluginRegistry merged = PluginRegistry.merge(local, remotes);

        assertThat(merged.find("database", "postgres")).containsSame(postgres);
        assertThat(merged.find("database", "cockroach")).containsSame(remote);
        assertThat(merged.stateOf(remote)).contains(PluginState.DISCONNECTED);
        assertThat(merged.stateOf(postgres)).contains(PluginState.RUNNING);
        assertThat(merged.conflicts()).containsExactly("database/postgres is provided by file pg.jar (plugin 'pg', kept)"
                + " and by remote plugin 'remote-pg' (plugin 'remote-pg', ignored)");
        assertThat(PluginRegistry.merge(remotes, local).find("database", "postgres")).containsSame(remote);
    }
}
