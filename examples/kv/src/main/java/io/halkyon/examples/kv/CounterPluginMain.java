package io.halkyon.examples.kv;

import io.halkyon.plugin.sdk.PluginServer;
import io.halkyon.plugin.sdk.ServeConfig;
import java.util.List;

/**
 * The counter plugin process, go-plugin's bidirectional example in Java; it ships in
 * {@code kv-plugin.jar}: {@code java -cp kv-plugin.jar io.halkyon.examples.kv.CounterPluginMain}.
 * Its service gets the broker to the host, to call the host's {@code AddHelper} back.
 */
public final class CounterPluginMain {

    private CounterPluginMain() {
    }

    public static void main(String[] args) {
        PluginServer.serve(ServeConfig.builder()
                .name("counter")
                .cookie(KvHandshake.COOKIE_KEY, KvHandshake.COOKIE_VALUE)
                .plugins(1, broker -> List.of(new CounterService(broker)))
                .build());
    }
}
