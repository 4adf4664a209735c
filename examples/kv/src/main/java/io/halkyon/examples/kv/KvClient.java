package io.halkyon.examples.kv;

import com.google.protobuf.ByteString;
import io.halkyon.examples.kv.proto.GetRequest;
import io.halkyon.examples.kv.proto.KVGrpc;
import io.halkyon.examples.kv.proto.PutRequest;
import io.halkyon.plugin.host.PluginConnection;

/**
 * The host's {@link KV} over a plugin's connection: a blocking stub on the connection's channel
 * (which sets the call timeout and fails fast when the plugin is down), each call run through
 * {@link PluginConnection#call} so a gRPC status reaches the caller as a
 * {@link io.halkyon.plugin.api.PluginException} naming the plugin and the key.
 */
public final class KvClient implements KV {

    private final PluginConnection connection;
    private final KVGrpc.KVBlockingStub stub;

    public KvClient(PluginConnection connection) {
        this.connection = connection;
        this.stub = KVGrpc.newBlockingStub(connection.channel());
    }

    @Override
    public byte[] get(String key) {
        return connection.call("Get of key '" + key + "'",
                () -> stub.get(GetRequest.newBuilder().setKey(key).build()).getValue().toByteArray());
    }

    @Override
    public void put(String key, byte[] value) {
        connection.call("Put of key '" + key + "'",
                () -> stub.put(PutRequest.newBuilder().setKey(key).setValue(ByteString.copyFrom(value)).build()));
    }
}
