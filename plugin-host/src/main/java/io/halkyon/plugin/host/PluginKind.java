package io.halkyon.plugin.host;

/**
 * One kind of plugin a host can dispense: go-plugin's {@code GRPCPlugin.GRPCClient}. It turns
 * the plugin's connection into the typed client the host's code calls, usually a gRPC stub over
 * {@link PluginConnection#channel()} wrapped in the developer's own interface:
 *
 * <pre>{@code
 * PluginKind<KV> kv = connection -> new KvClient(KVGrpc.newBlockingStub(connection.channel()));
 * }</pre>
 *
 * <p>Kinds are grouped in plugin sets per app protocol version
 * ({@link PluginClientConfig.Builder#plugins(int, java.util.Map)}) and made by
 * {@link PluginClient#dispense(String, Class)}, once per client: the result is cached. A kind
 * may call the plugin (with {@link PluginConnection#call}) to check it serves what it claims;
 * an exception it throws is the dispense's failure.
 *
 * @param <T> the typed client
 */
@FunctionalInterface
public interface PluginKind<T> {

    /** Makes the typed client over {@code connection}. */
    T client(PluginConnection connection);
}
