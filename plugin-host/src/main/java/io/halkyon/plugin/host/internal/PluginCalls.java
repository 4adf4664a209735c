package io.halkyon.plugin.host.internal;

import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.host.PluginConnection;
import io.halkyon.plugin.proto.capability.v1.CapabilityPluginGrpc;
import io.halkyon.plugin.proto.capability.v1.CapabilityPluginGrpc.CapabilityPluginBlockingStub;
import java.util.function.Function;

/** Capability calls over a plugin's connection (which sets the deadline, fails fast and translates errors). */
final class PluginCalls {

    private final PluginConnection connection;
    private final CapabilityPluginBlockingStub stub;

    PluginCalls(PluginConnection connection) {
        this.connection = connection;
        this.stub = CapabilityPluginGrpc.newBlockingStub(connection.channel());
    }

    String pluginName() {
        return connection.pluginName();
    }

    <T> T call(String what, Function<CapabilityPluginBlockingStub, T> rpc) {
        return connection.call(what, () -> rpc.apply(stub));
    }

    void kill() {
        connection.kill();
    }

    /** An error about a plugin's answer (not about the call itself). */
    PluginException badAnswer(String what, String problem, Throwable cause) {
        return new PluginException(pluginName(), "plugin '" + pluginName() + "': " + what + " returned " + problem, cause);
    }
}
