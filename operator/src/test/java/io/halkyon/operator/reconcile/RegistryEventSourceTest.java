package io.halkyon.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilitySpec;
import io.halkyon.plugin.api.CapabilityStatus;
import io.halkyon.plugin.api.TypeInfo;
import io.halkyon.plugin.host.PluginRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which Capabilities a registry change concerns: decided with the registry's one resolution rule. */
class RegistryEventSourceTest {

    private final PluginRegistry none = PluginRegistry.empty();
    private final PluginRegistry postgres = PluginRegistry.of(List.of(
            new FakePlugin("pg", "database", List.of(TypeInfo.of("postgres", "15", "16")))));

    private static Capability ready(String version) {
        Capability capability = Capability.of("db", "apps", new CapabilitySpec("Database", "Postgres", version,
                List.of()));
        CapabilityStatus status = new CapabilityStatus();
        status.setReason(CapabilityStatus.READY);
        capability.setStatus(status);
        return capability;
    }

    @Test
    void aReadyCapabilityIsConcernedWhenThePluginServingItChanges() {
        assertThat(RegistryEventSource.affected(ready("16"), none, postgres)).isTrue();
        assertThat(RegistryEventSource.affected(ready("16"), postgres, none)).isTrue();
        assertThat(RegistryEventSource.affected(ready("16"), postgres, postgres)).isFalse();
    }

    @Test
    void aVersionThePluginDoesNotServeAsWrittenIsServedByNoneBeforeOrAfter() {
        // As PluginRegistry.resolve decides for the reconciler and render: " 16" is not "16".
        assertThat(RegistryEventSource.affected(ready(" 16"), none, postgres)).isFalse();
        assertThat(RegistryEventSource.affected(ready("17"), none, postgres)).isFalse();
    }
}
