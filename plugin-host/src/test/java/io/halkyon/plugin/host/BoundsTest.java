package io.halkyon.plugin.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.Parameter;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.api.PluginTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Deadlines and size limits: a misbehaving plugin costs a bounded wait and an error, never more. */
@ExtendWith(NoChildProcessesExtension.class)
class BoundsTest {

    @Test
    void aPluginHangingInACallNeverBlocksCallsToAnotherPlugin() throws Exception {
        Duration deadline = Duration.ofSeconds(3);
        try (PluginClient hanging = PluginClient.start(Scenarios.config("good").callTimeout(deadline)
                .shutdownGrace(Duration.ofMillis(500)).build());
             PluginClient other = PluginClient.start(Scenarios.config("good").build())) {
            DependentResource stuck = CapabilityPlugins.dispense(hanging)
                    .readyFor(PluginCallsTest.capability("h", new Parameter("hang", "10000"))).get(1);
            CompletableFuture<Long> hungCall = CompletableFuture.supplyAsync(() -> {
                try {
                    stuck.build();
                    return -1L;
                } catch (PluginTimeoutException e) {
                    return System.nanoTime();
                }
            });

            long lastOtherAnswer = 0;
            for (int i = 0; i < 5; i++) {
                assertThat(CapabilityPlugins.dispense(other).readyFor(PluginCallsTest.capability("o" + i)).get(0).build()).isNotNull();
                lastOtherAnswer = System.nanoTime();
            }

            long timedOutAt = hungCall.get(deadline.toSeconds() + 10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(timedOutAt).as("the hung call ended with a PluginTimeoutException").isPositive();
            assertThat(lastOtherAnswer).as("the other plugin answered while the call hung").isLessThan(timedOutAt);
            assertThat(hanging.state()).isEqualTo(PluginState.RUNNING);
            assertThat(CapabilityPlugins.dispense(hanging).readyFor(PluginCallsTest.capability("h2")).get(0).build())
                    .as("the hanging plugin still takes other calls").isNotNull();
        }
    }

    @Test
    void anAnswerOverTheMessageSizeLimitIsRefusedNamingThePluginAndTheLimit() {
        try (PluginClient client = PluginClient.start(Scenarios.config("good").maxMessageSize(64 * 1024).build())) {
            List<DependentResource> big = CapabilityPlugins.dispense(client)
                    .readyFor(PluginCallsTest.capability("big", new Parameter("big", "200000")));
            assertThatThrownBy(() -> big.get(0).build())
                    .isExactlyInstanceOf(PluginException.class)
                    .hasMessageStartingWith("plugin '" + client.name() + "': Build of dependent v1/ConfigMap/big-config"
                            + " for Capability ns1/big failed: a message exceeded the size limit of 64 KiB"
                            + " (maxMessageSize): ");
            assertThat(client.state()).isEqualTo(PluginState.RUNNING);
            assertThat(CapabilityPlugins.dispense(client).readyFor(PluginCallsTest.capability("small")).get(0).build())
                    .as("the plugin stays usable").isNotNull();
        }
    }
}
