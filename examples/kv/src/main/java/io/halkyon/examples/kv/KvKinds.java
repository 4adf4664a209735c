package io.halkyon.examples.kv;

import io.halkyon.plugin.host.PluginClient;
import io.halkyon.plugin.host.PluginClientConfig;
import io.halkyon.plugin.host.PluginKind;
import java.util.List;
import java.util.Map;

/**
 * The host's side of the KV plugin: its plugin sets (app protocol versions 1 and 2 both map
 * {@code "kv_grpc"} to a {@link KvClient}, as go-plugin's example host does) and the cookie.
 */
public final class KvKinds {

    /** Makes the typed client from a plugin's connection. */
    public static final PluginKind<KV> KV = KvClient::new;

    private KvKinds() {
    }

    /** A config for the KV plugin run by {@code command}: cookie, plugin sets, versions 1 and 2. */
    public static PluginClientConfig.Builder config(List<String> command) {
        return PluginClientConfig.builder()
                .command(command)
                .cookie(KvHandshake.COOKIE_KEY, KvHandshake.COOKIE_VALUE)
                .plugins(1, Map.of(KvHandshake.KV_KIND, KV))
                .plugins(2, Map.of(KvHandshake.KV_KIND, KV));
    }

    /** The plugin's {@link KV}, made once per client. */
    public static KV dispense(PluginClient client) {
        return client.dispense(KvHandshake.KV_KIND, KV.class);
    }
}
