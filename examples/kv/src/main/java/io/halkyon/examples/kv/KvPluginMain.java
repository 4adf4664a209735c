package io.halkyon.examples.kv;

import io.halkyon.plugin.sdk.PluginServer;
import io.halkyon.plugin.sdk.ServeConfig;

/**
 * The KV plugin process ({@code kv-plugin.jar}): go-plugin's "kv_grpc" example written with
 * our SDK. It speaks app protocol versions 1 and 2 (the same service), so a host offering
 * either can load it, and a go-plugin host loads it as it loads the Go one. Run by hand without
 * a host, it says it is a plugin and exits with 1.
 */
public final class KvPluginMain {

    private KvPluginMain() {
    }

    public static void main(String[] args) {
        KvService store = new KvService();
        PluginServer.serve(ServeConfig.builder()
                .name("kv")
                .cookie(KvHandshake.COOKIE_KEY, KvHandshake.COOKIE_VALUE)
                .plugins(1, store)
                .plugins(2, store)
                .build());
    }
}
