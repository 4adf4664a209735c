package io.halkyon.plugin.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.Parameter;
import io.halkyon.plugin.api.PluginException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A plugin that lies (a raw gRPC server: the SDK would refuse to send any of this): each lie is
 * refused with a {@link PluginException} naming the plugin, the call and the problem, and the
 * plugin stays usable. Messages over the size limit: {@link BoundsTest}; GetInfo without category
 * or types: {@link HandshakeScenariosTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(NoChildProcessesExtension.AfterAll.class)
class BadOutputTest {

    private PluginClient liar;
    private String name;

    @BeforeAll
    void startTheLiar() {
        liar = PluginClient.start(Scenarios.config("liar").build());
        name = liar.name();
    }

    @AfterAll
    void stopTheLiar() {
        liar.kill();
    }

    @AfterEach
    void theLiarStaysUsable() {
        assertThat(liar.state()).isEqualTo(PluginState.RUNNING);
        assertThat(dependent("none").build()).isInstanceOf(ConfigMap.class);
    }

    @Test
    void invalidJsonIsRefused() {
        assertThatThrownBy(() -> dependent("invalid-json").build())
                .isExactlyInstanceOf(PluginException.class)
                .hasMessageStartingWith("plugin '" + name + "': Build of dependent v1/ConfigMap/c-config for Capability"
                        + " ns1/c returned an object that is not valid Kubernetes JSON: ");
    }

    @Test
    void jsonNestedTooDeepIsRefusedWithTheParsersReasonAndTheLiarStaysUsable() {
        assertThatThrownBy(() -> dependent("too-deep").build())
                .isExactlyInstanceOf(PluginException.class)
                .hasMessageStartingWith("plugin '" + name + "': Build of dependent v1/ConfigMap/c-config for Capability"
                        + " ns1/c returned an object that is not valid Kubernetes JSON: ")
                .hasMessageContaining("nesting depth").hasMessageNotContaining("\n");
        assertThat(dependent("none").build().getMetadata().getName()).isEqualTo("c-config");
    }

    @Test
    void anObjectWithoutKindIsRefused() {
        assertThatThrownBy(() -> dependent("no-kind").build())
                .isExactlyInstanceOf(PluginException.class)
                .hasMessage("plugin '" + name + "': Build of dependent v1/ConfigMap/c-config for Capability ns1/c"
                        + " returned an object without a kind");
    }

    @Test
    void anObjectWithoutNameIsRefused() {
        assertThatThrownBy(() -> dependent("no-name").build())
                .isExactlyInstanceOf(PluginException.class)
                .hasMessage("plugin '" + name + "': Build of dependent v1/ConfigMap/c-config for Capability ns1/c"
                        + " returned a ConfigMap without a name");
    }

    @Test
    void anUnknownConditionTypeIsRefused() {
        ConfigMap live = (ConfigMap) dependent("none").build();
        for (String type : new String[] {"Exploded", "ready"}) {
            DependentResource d = CapabilityPlugins.dispense(liar).readyFor(PluginCallsTest.capability("c",
                    new Parameter("condition", type))).get(0);
            assertThatThrownBy(() -> d.condition(live))
                    .isExactlyInstanceOf(PluginException.class)
                    .hasMessage("plugin '" + name + "': GetCondition of dependent v1/ConfigMap/c-config for Capability"
                            + " ns1/c returned a condition of unknown type '" + type + "' (expected Ready, Pending or"
                            + " Failed)");
        }
        DependentResource honest = CapabilityPlugins.dispense(liar).readyFor(PluginCallsTest.capability("c",
                new Parameter("condition", "Pending"))).get(0);
        assertThat(honest.condition(live).getType()).isEqualTo("Pending");
    }

    private DependentResource dependent(String lie) {
        return CapabilityPlugins.dispense(liar).readyFor(PluginCallsTest.capability("c", new Parameter("lie", lie))).get(0);
    }
}
