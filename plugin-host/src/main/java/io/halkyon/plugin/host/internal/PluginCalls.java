package io.halkyon.plugin.host.internal;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.proto.capability.v1.CapabilityPluginGrpc;
import io.halkyon.plugin.proto.capability.v1.CapabilityPluginGrpc.CapabilityPluginBlockingStub;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/** Makes capability calls with the call deadline, failing fast when the plugin is not running. */
public final class PluginCalls {

    private final String pluginName;
    private final CapabilityPluginBlockingStub stub;
    private final Duration callTimeout;
    private final int maxMessageSize;
    private final Supplier<PluginException> notRunning;

    /**
     * @param notRunning gives the error to throw when the plugin cannot take calls, or null when it can
     */
    public PluginCalls(String pluginName, ManagedChannel channel, Duration callTimeout, int maxMessageSize,
                       Supplier<PluginException> notRunning) {
        this.pluginName = pluginName;
        this.stub = CapabilityPluginGrpc.newBlockingStub(channel);
        this.callTimeout = callTimeout;
        this.maxMessageSize = maxMessageSize;
        this.notRunning = notRunning;
    }

    public String pluginName() {
        return pluginName;
    }

    public <T> T call(String what, Function<CapabilityPluginBlockingStub, T> rpc) {
        PluginException down = notRunning.get();
        if (down != null) {
            throw down;
        }
        try {
            return rpc.apply(stub.withDeadlineAfter(callTimeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (StatusRuntimeException e) {
            throw CallErrors.translate(pluginName, what, callTimeout, maxMessageSize, e);
        }
    }

    /** An error about a plugin's answer (not about the call itself). */
    public PluginException badAnswer(String what, String problem, Throwable cause) {
        return new PluginException(pluginName, "plugin '" + pluginName + "': " + what + " returned " + problem, cause);
    }
}
