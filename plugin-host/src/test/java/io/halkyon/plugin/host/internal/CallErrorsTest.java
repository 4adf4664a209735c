package io.halkyon.plugin.host.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.api.PluginTimeoutException;
import io.halkyon.plugin.api.PluginUnavailableException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CallErrorsTest {

    private static PluginException translate(Status status) {
        return CallErrors.translate("pg", "Build of dependent v1/Secret/db", Duration.ofSeconds(30), 1 << 20,
                status.asRuntimeException());
    }

    @Test
    void aCallOnAConnectionThatJustClosedIsUnavailableAsAnyLostConnection() {
        PluginException closed = translate(Status.UNKNOWN.withDescription("channel closed")
                .withCause(new ClosedChannelException()));
        PluginException unavailable = translate(Status.UNAVAILABLE.withDescription("io exception"));

        assertThat(closed).isInstanceOf(PluginUnavailableException.class)
                .hasMessage("plugin 'pg' is unavailable: Build of dependent v1/Secret/db failed: channel closed");
        assertThat(unavailable).isInstanceOf(PluginUnavailableException.class);
    }

    @Test
    void anotherUnknownIsThePluginsFailureWithItsCode() {
        PluginException thrown = translate(Status.UNKNOWN.withDescription("boom").withCause(new IllegalStateException()));

        assertThat(thrown).isNotInstanceOf(PluginUnavailableException.class)
                .hasMessage("plugin 'pg': Build of dependent v1/Secret/db failed: boom [UNKNOWN]");
    }

    @Test
    void deadlinesAndSizesSayWhichLimit() {
        assertThat(translate(Status.DEADLINE_EXCEEDED)).isInstanceOf(PluginTimeoutException.class)
                .hasMessageContaining("did not answer within 30s");
        assertThat(translate(Status.RESOURCE_EXHAUSTED.withDescription("too big")))
                .hasMessageContaining("exceeded the size limit of 1 MiB (maxMessageSize): too big");
    }
}
