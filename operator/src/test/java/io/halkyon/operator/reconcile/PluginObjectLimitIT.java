package io.halkyon.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.halkyon.operator.support.NoChildProcesses;
import io.halkyon.operator.support.OperatorFixture;
import io.halkyon.operator.support.TestPlugins;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilityStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The objects one plugin may have the operator keep across its Capabilities (here 5), with the hostile test plugin. */
@ExtendWith(NoChildProcesses.class)
class PluginObjectLimitIT {

    private static final String NS = "limits";

    @TempDir
    Path plugins;
    @TempDir
    Path records;

    private OperatorFixture operator;

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    void aCapabilityPastThePluginsObjectLimitGetsNothingCreatedUntilAnotherFreesRoom() throws Exception {
        TestPlugins.addTestPlugin(plugins, "hostile", records.toString());
        operator = OperatorFixture.start(plugins, OperatorFixture.settings().maxObjectsPerPlugin(5).build());
        operator.create(OperatorFixture.capability(NS, "first", "test", "many", null, "count=3"));
        operator.awaitReason(NS, "first", CapabilityStatus.READY);

        operator.create(OperatorFixture.capability(NS, "second", "test", "many", null, "count=3"));
        Capability refused = operator.awaitReason(NS, "second", CapabilityStatus.FAILED);

        assertThat(refused.getStatus().getMessage()).contains("plugin 'test-hostile'")
                .contains("would keep 6 objects").contains("limit of 5 objects per plugin")
                .contains("nothing was created for this Capability");
        assertThat(operator.createdFor(NS, "second")).isEmpty();
        assertThat(operator.client().configMaps().inNamespace(NS)
                .withLabel(DependentObjects.CAPABILITY_LABEL, "second").list().getItems()).isEmpty();

        // Deleting the first Capability deletes its objects and frees room: the second is retried.
        operator.client().resources(Capability.class).inNamespace(NS).withName("first").delete();
        operator.awaitReason(NS, "second", CapabilityStatus.READY);
        assertThat(operator.createdFor(NS, "second")).hasSize(3);
    }
}
