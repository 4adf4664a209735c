package io.halkyon.examples.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two jars as a user runs them by hand, without a Go toolchain. */
class KvJarsIT {

    @TempDir
    Path tmp;

    @Test
    void thePluginRunByHandSaysItIsAPlugin() throws Exception {
        ProcessRun run = ProcessRun.run(List.of(Programs.java(), "-jar", Programs.pluginJar().toString()), Map.of(), tmp);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).contains("This binary is a plugin");
    }

    @Test
    void withoutKvPluginTheHostRunsThePluginJarBesideIt() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("KV_PLUGIN", null);
        ProcessRun run = ProcessRun.run(Programs.kvHost(Programs.Side.JAVA, List.of("put", "k", "v w", "get", "k")), env,
                tmp);

        assertThat(run.exit()).as(run.describe()).isZero();
        assertThat(run.stdout()).isEqualTo("v w\n");
    }

    @Test
    void badUsageIsRefusedBeforeAnyPluginIsLaunched() throws Exception {
        Path launched = tmp.resolve("launched");
        ProcessRun run = ProcessRun.run(Programs.kvHost(Programs.Side.JAVA, List.of("put", "a", "1", "get")),
                Map.of("KV_PLUGIN", "touch " + launched), tmp);

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).contains("bad command at \"get\"", "usage:");
        assertThat(launched).doesNotExist();
    }

    @Test
    void aPluginThatCannotStartIsOneLineAndStatusOne() throws Exception {
        ProcessRun run = ProcessRun.run(Programs.kvHost(Programs.Side.JAVA, List.of("get", "a")),
                Map.of("KV_PLUGIN", tmp.resolve("no-such-plugin").toString()), tmp);

        assertThat(run.exit()).as(run.describe()).isEqualTo(1);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).contains("kv-host: ").contains("no-such-plugin");
    }

    @AfterEach
    void nothingLeftBehind() throws Exception {
        List<ProcessHandle> left = Leftovers.processes(List.of(Programs.pluginJar().toString()));
        Leftovers.kill(left);
        assertThat(left).as("plugin processes left running: %s", Leftovers.describe(left)).isEmpty();
        assertThat(Leftovers.socketEntries(tmp)).isEmpty();
    }
}
