package io.halkyon.examples.kv;

import io.grpc.BindableService;
import io.halkyon.examples.kv.counter.CounterGrpc;
import io.halkyon.examples.kv.counter.GetRequest;
import io.halkyon.examples.kv.counter.PutRequest;
import io.halkyon.plugin.grpc.BrokerServer;
import io.halkyon.plugin.host.PluginConnection;
import io.halkyon.plugin.host.PluginKind;
import java.util.Map;

/**
 * The host's view of the counter plugin (go/shared's {@code CounterClient}): {@link #put} lends
 * the plugin an {@code AddHelper} for the duration of the call, through the broker.
 */
public final class CounterClient {

    /** The plugin set of app protocol version 1: {@code "counter"} to this client. */
    public static final Map<String, PluginKind<CounterClient>> PLUGINS = Map.of(KvHandshake.COUNTER_KIND,
            CounterClient::new);

    private final PluginConnection connection;
    private final CounterGrpc.CounterBlockingStub stub;

    public CounterClient(PluginConnection connection) {
        this.connection = connection;
        this.stub = CounterGrpc.newBlockingStub(connection.channel());
    }

    /**
     * Adds {@code value} to {@code key}'s counter: serves {@code helper} on a fresh broker id,
     * passes the id in the request, and stops serving when the plugin has answered.
     */
    public void put(String key, long value, BindableService helper) {
        int id = connection.broker().nextId();
        BrokerServer helperServer = connection.broker().acceptAndServe(id, helper);
        try {
            connection.call("Put of key '" + key + "'", () -> stub.put(PutRequest.newBuilder()
                    .setAddServer(id).setKey(key).setValue(value).build()));
        } finally {
            helperServer.close();
        }
    }

    /** The counter of {@code key}; a {@link io.halkyon.plugin.api.PluginException} when it has none. */
    public long get(String key) {
        return connection.call("Get of key '" + key + "'",
                () -> stub.get(GetRequest.newBuilder().setKey(key).build()).getValue());
    }
}
