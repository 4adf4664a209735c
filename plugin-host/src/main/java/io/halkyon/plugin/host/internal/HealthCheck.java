package io.halkyon.plugin.host.internal;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.api.PluginProtocol;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The host's ping: {@code grpc.health.v1.Health/Check} for service {@code plugin} must be SERVING. */
public final class HealthCheck {

    private HealthCheck() {
    }

    /**
     * @param deadline     a {@link System#nanoTime()} value
     * @param startTimeout reported when the deadline passes
     */
    public static void check(String name, ManagedChannel channel, Handshake handshake, long deadline,
                             Duration startTimeout) {
        HealthCheckResponse response;
        try {
            response = HealthGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(Math.max(1, Durations.remainingNanos(deadline)), TimeUnit.NANOSECONDS)
                    .check(HealthCheckRequest.newBuilder().setService(PluginProtocol.HEALTH_SERVICE).build());
        } catch (StatusRuntimeException e) {
            throw CallErrors.translate(name, "health check of service '" + PluginProtocol.HEALTH_SERVICE + "' at "
                    + handshake.network() + " " + handshake.address(), startTimeout, e);
        }
        if (response.getStatus() != HealthCheckResponse.ServingStatus.SERVING) {
            throw new PluginException(name, "plugin '" + name + "': health service '" + PluginProtocol.HEALTH_SERVICE
                    + "' answered " + response.getStatus() + ", expected SERVING");
        }
    }
}
