package io.halkyon.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.halkyon.operator.support.NoChildProcesses;
import io.halkyon.operator.support.OperatorFixture;
import io.halkyon.operator.support.TestPlugins;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilityStatus;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A plugin answering garbage on the wire (the raw test plugin, no SDK): each bad answer reaches
 * the Capability's status naming the plugin and the problem, and nothing of the Capability is
 * written, not even the valid dependent before the bad one. One operator and plugin for the
 * class; the plugins' message limit is 2 MiB here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(NoChildProcesses.class)
class BadPluginOutputIT {

    private static final String NS = "bad";
    private static final int MESSAGE_LIMIT = 2 * 1024 * 1024;

    @TempDir
    static Path plugins;

    private OperatorFixture operator;

    @BeforeAll
    void start() throws Exception {
        TestPlugins.addTestPlugin(plugins, "raw");
        operator = OperatorFixture.start(plugins, OperatorFixture.settings().build(),
                config -> config.maxMessageSize(MESSAGE_LIMIT));
    }

    @AfterAll
    void stop() {
        if (operator != null) {
            operator.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "invalid-json | returned an object that is not valid Kubernetes JSON",
            "no-kind      | returned an object without a kind",
            "no-name      | returned a ConfigMap without a name",
            "too-big      | that the operator refuses: it is 1.2 MiB of JSON, over the limit of 1.0 MiB per object",
            "huge         | failed: a message exceeded the size limit of 2 MiB",
    })
    void aBadObjectFailsTheCapabilityNamingThePluginAndNothingIsWritten(String scenario, String problem) {
        String name = "s-" + scenario;
        operator.create(OperatorFixture.capability(NS, name, "raw", scenario, null));

        Capability failed = operator.awaitReason(NS, name, CapabilityStatus.FAILED);

        assertThat(failed.getStatus().getMessage()).contains("plugin 'test-raw'").contains(name + "-bad")
                .contains(problem);
        for (String suffix : List.of("-first", "-bad", "-last")) {
            assertThat(operator.client().configMaps().inNamespace(NS).withName(name + suffix).get())
                    .as("ConfigMap %s%s (nothing half-applied)", name, suffix).isNull();
        }
    }

    @Test
    void aFloodOfValidationErrorsIsCutInTheStatusSayingHowMuchWasLeftOut() {
        operator.create(OperatorFixture.capability(NS, "s-flood", "raw", "invalid-flood", null));

        Capability failed = operator.awaitReason(NS, "s-flood", CapabilityStatus.FAILED);

        // About 1 MB of errors: the status keeps 4096 characters and says how many it left out.
        assertThat(failed.getStatus().getMessage())
                .startsWith("plugin 'test-raw' finds the Capability invalid: error 0 ")
                .matches("(?s).{4096}\\.\\.\\. \\(\\d+ more characters\\)");
    }

    @Test
    void aLongConditionMessageIsCutInTheConditionAndTheStatus() {
        operator.create(OperatorFixture.capability(NS, "s-long", "raw", "long-condition", null));

        Capability pending = operator.awaitReason(NS, "s-long", CapabilityStatus.PENDING);

        var condition = pending.getStatus().getDependents().stream()
                .filter(c -> "s-long-bad".equals(c.getDependentName())).findFirst().orElseThrow();
        assertThat(condition.getMessage()).isEqualTo("m".repeat(4096) + "... (95904 more characters)");
        assertThat(pending.getStatus().getMessage()).startsWith("ConfigMap s-long-bad: mmm")
                .endsWith("... (95926 more characters)").hasSize(4096 + "... (95926 more characters)".length());
    }

    @Test
    void anUnknownConditionTypeFailsTheCapabilityNamingThePluginAndTheType() {
        operator.create(OperatorFixture.capability(NS, "s-condition", "raw", "unknown-condition", null));

        Capability failed = operator.awaitReason(NS, "s-condition", CapabilityStatus.FAILED);

        assertThat(failed.getStatus().getMessage()).contains("plugin 'test-raw'")
                .contains("GetCondition of dependent v1/ConfigMap/s-condition-bad")
                .contains("unknown type 'Bogus'");
        // Conditions are asked for once every object is written: the objects were all valid, so
        // all of them were written (none half); only the status lacks the conditions.
        for (String suffix : List.of("-first", "-bad", "-last")) {
            assertThat(operator.client().configMaps().inNamespace(NS).withName("s-condition" + suffix).get())
                    .as("ConfigMap s-condition%s", suffix).isNotNull();
        }
    }
}
