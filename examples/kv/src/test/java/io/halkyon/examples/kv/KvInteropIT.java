package io.halkyon.examples.kv;

import static org.assertj.core.api.Assertions.assertThat;

import io.halkyon.examples.kv.Programs.Side;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * go-plugin's KV example, every host with every plugin: our host ({@code kv-host.jar}) and
 * go-plugin 1.0.1's (go-kv-host), our SDK's plugin ({@code kv-plugin.jar}) and go-plugin's
 * (go-kv-plugin), over a plain unix socket and with AutoMTLS. Each host runs as a process, as a
 * user would run it; afterwards neither its plugin nor its socket may be left.
 */
class KvInteropIT {

    @TempDir
    Path tmp;
    private final List<String> pluginMarkers = new ArrayList<>();

    static Stream<Arguments> everyPair() {
        List<Arguments> pairs = new ArrayList<>();
        for (Side host : Side.values()) {
            for (Side plugin : Side.values()) {
                pairs.add(Arguments.of(host, plugin, false));
                pairs.add(Arguments.of(host, plugin, true));
            }
        }
        return pairs.stream();
    }

    static Stream<Arguments> everyHostAndPlugin() {
        return everyPair().filter(a -> !(Boolean) a.get()[2]).map(a -> Arguments.of(a.get()[0], a.get()[1]));
    }

    @ParameterizedTest(name = "{0} host, {1} plugin, mtls={2}")
    @MethodSource("everyPair")
    void putsAndGets(Side host, Side plugin, boolean mtls) throws Exception {
        List<String> args = new ArrayList<>(mtls ? List.of("--mtls") : List.of());
        args.addAll(List.of("put", "a", "1", "put", "b", "hello", "get", "a", "get", "b"));

        ProcessRun run = runHost(host, plugin, args);

        assertThat(run.exit()).as(run.describe()).isZero();
        assertThat(run.stdout()).as(run.describe()).isEqualTo("1\nhello\n");
        assertThat(run.stderr()).contains("negotiated app protocol version 2");
    }

    @ParameterizedTest(name = "{0} host, {1} plugin")
    @MethodSource("everyHostAndPlugin")
    void aMissingKeyFailsNamingTheKey(Side host, Side plugin) throws Exception {
        ProcessRun run = runHost(host, plugin, List.of("put", "a", "1", "get", "a", "get", "nokey"));

        assertThat(run.exit()).as(run.describe()).isEqualTo(1);
        assertThat(run.stdout()).as("values printed before the failure").isEqualTo("1\n");
        assertThat(run.stderr()).as(run.describe()).contains("no value for key 'nokey'");
    }

    @AfterEach
    void nothingLeftBehind() throws Exception {
        List<ProcessHandle> left = Leftovers.processes(pluginMarkers);
        Leftovers.kill(left);
        assertThat(left).as("plugin processes left running: %s", Leftovers.describe(left)).isEmpty();
        assertThat(Leftovers.socketEntries(tmp)).as("plugin sockets left in the temporary directory").isEmpty();
    }

    private ProcessRun runHost(Side host, Side plugin, List<String> args) throws Exception {
        List<String> pluginCommand = Programs.kvPlugin(plugin);
        pluginMarkers.add(Programs.marker(pluginCommand));
        return ProcessRun.run(Programs.kvHost(host, args), Map.of("KV_PLUGIN", String.join(" ", pluginCommand)), tmp);
    }
}
