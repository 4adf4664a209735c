package io.halkyon.plugin.host;

import static io.halkyon.plugin.host.PluginFilesForTests.install;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.halkyon.plugin.api.PluginException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A plugin whose GetInfo says what cannot name Kubernetes objects, or too much (a raw gRPC plugin,
 * no SDK): refused when dispensed, naming the plugin, the field and what was expected; under a
 * manager, FAILED at once with that cause and never restarted (it would answer the same).
 */
@ExtendWith(NoChildProcessesExtension.class)
class PluginInfoBoundsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "many-types    | 4000 types; expected at most 64 per plugin",
            "long-type     | an invalid type (in lower case, it names CapabilityInfo objects): types[0].type: Invalid"
                    + " value: \"ttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt...\" (400 characters):"
                    + " must be no more than 63 characters",
            "category      | an invalid category (in lower case, it names CapabilityInfo objects): category: Invalid"
                    + " value: \"evil/../cat egory\": a lowercase RFC 1123 label must consist of lower case"
                    + " alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g."
                    + " 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
            "version       | an invalid version: types[0].versions[0]: Invalid value: \"1/../../x\": a valid label"
                    + " must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start"
                    + " and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex"
                    + " used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
            "many-versions | 100 versions in types[0] 'widget'; expected at most 32 per type",
            "twice         | types[1].type 'WIDGET' again (types[0]); expected each type once, ignoring case",
            "name          | a name with control characters; expected one line of text",
    })
    void metadataOutOfBoundsIsRefusedNamingThePluginTheFieldAndWhatWasExpected(String variant, String problem) {
        PluginClientConfig config = Scenarios.config("bad-info", variant).build();
        try (PluginClient client = PluginClient.start(config)) {
            assertThatThrownBy(() -> CapabilityPlugins.dispense(client))
                    .isExactlyInstanceOf(PluginException.class)
                    .hasMessage("plugin '" + config.name() + "': GetInfo returned " + problem);
        }
    }

    @Test
    void underAManagerItIsFailedAtOnceWithThatCauseAndNotRestarted(@TempDir Path dir) throws IOException {
        install(dir, "evil", Scenarios.script("bad-info", "many-types"));
        RestartPolicy eager = RestartPolicy.builder().initialBackoff(Duration.ZERO).maxBackoff(Duration.ZERO).build();
        List<PluginStateChange> changes = new CopyOnWriteArrayList<>();
        PluginClientConfig template = PluginClientConfig.builder().startTimeout(Scenarios.START_TIMEOUT)
                .shutdownGrace(Duration.ofSeconds(1)).terminateGrace(Duration.ofSeconds(1)).build();
        try (PluginManager manager = PluginManager.builder(template).restartPolicy(eager).build()) {
            manager.addStateListener(changes::add);

            PluginHandle handle = manager.loadDirectory(dir).get(0);

            assertThat(handle.state()).isEqualTo(PluginState.FAILED);
            assertThat(handle.restartCount()).isZero();
            assertThat(handle.failure()).get().isExactlyInstanceOf(PluginException.class).asString()
                    .contains("plugin 'evil': GetInfo returned 4000 types; expected at most 64 per plugin");
            assertThat(handle.plugin()).isEmpty();
            assertThat(manager.registry().plugins()).isEmpty();
            assertThat(changes).extracting(c -> c.from() + "->" + c.to()).containsExactly("STARTING->FAILED");
        }
    }
}
