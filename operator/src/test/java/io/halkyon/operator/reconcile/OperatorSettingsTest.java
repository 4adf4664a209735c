package io.halkyon.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OperatorSettingsTest {

    @Test
    void pluginRetryDoublesUpToTheMax() {
        OperatorSettings s = OperatorSettings.builder().pluginRetry(Duration.ofSeconds(1), Duration.ofSeconds(5)).build();
        assertThat(s.pluginRetryDelay(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.pluginRetryDelay(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.pluginRetryDelay(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(s.pluginRetryDelay(4)).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.pluginRetryDelay(40)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void defaultsAreAllNamespacesNoClusterScopedNoLeaderElection() {
        OperatorSettings s = OperatorSettings.defaults();
        assertThat(s.namespaces()).isEmpty();
        assertThat(s.allowClusterScoped()).isFalse();
        assertThat(s.leaseName()).isEmpty();
        assertThat(s.pluginRetryInitial()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.pluginRetryMax()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.callsPerPlugin()).as("half of the 10 reconcile threads").isEqualTo(5);
        assertThat(s.maxObjectBytes()).isEqualTo(1024 * 1024);
        assertThat(s.allowedKinds()).isEmpty();
        assertThat(s.maxDependents()).isEqualTo(100);
        assertThat(s.maxObjectsPerPlugin()).isEqualTo(1000);
    }

    @Test
    void callsPerPluginDefaultsToHalfTheReconcileThreadsRoundedUp() {
        assertThat(OperatorSettings.builder().reconcileThreads(3).build().callsPerPlugin()).isEqualTo(2);
        assertThat(OperatorSettings.builder().reconcileThreads(1).build().callsPerPlugin()).isEqualTo(1);
        assertThat(OperatorSettings.builder().reconcileThreads(3).callsPerPlugin(3).build().callsPerPlugin())
                .isEqualTo(3);
    }

    @Test
    void badValuesAreRefused() {
        assertThatThrownBy(() -> OperatorSettings.builder().pluginRetry(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plugin retry");
        assertThatThrownBy(() -> OperatorSettings.builder().reconcileThreads(0))
                .hasMessageContaining("reconcileThreads");
        assertThatThrownBy(() -> OperatorSettings.builder().callsPerPlugin(-1))
                .hasMessageContaining("callsPerPlugin");
        assertThatThrownBy(() -> OperatorSettings.builder().maxObjectBytes(10))
                .hasMessageContaining("maxObjectBytes");
        assertThatThrownBy(() -> OperatorSettings.builder().maxDependents(0))
                .hasMessageContaining("maxDependents");
        assertThatThrownBy(() -> OperatorSettings.builder().maxObjectsPerPlugin(0))
                .hasMessageContaining("maxObjectsPerPlugin");
        assertThatThrownBy(() -> OperatorSettings.builder().allowedKinds(java.util.Set.of("apps/Deployment")))
                .hasMessageContaining("--allow-kind 'apps/Deployment' allows nothing");
    }
}
