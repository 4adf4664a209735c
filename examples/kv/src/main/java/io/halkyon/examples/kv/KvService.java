package io.halkyon.examples.kv;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.halkyon.examples.kv.proto.Empty;
import io.halkyon.examples.kv.proto.GetRequest;
import io.halkyon.examples.kv.proto.GetResponse;
import io.halkyon.examples.kv.proto.KVGrpc;
import io.halkyon.examples.kv.proto.PutRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The KV plugin's store, in memory, safe for concurrent calls. Answers exactly as go-plugin's
 * example plugin in Go does (go/plugin), so a host cannot tell them apart: a missing key is
 * {@code NOT_FOUND} "no value for key 'K'".
 */
public final class KvService extends KVGrpc.KVImplBase {

    private static final Logger log = LoggerFactory.getLogger(KvService.class);

    private final Map<String, ByteString> values = new ConcurrentHashMap<>();

    @Override
    public void put(PutRequest request, StreamObserver<Empty> responses) {
        values.put(request.getKey(), request.getValue());
        log.info("put key={} bytes={}", request.getKey(), request.getValue().size());
        responses.onNext(Empty.getDefaultInstance());
        responses.onCompleted();
    }

    @Override
    public void get(GetRequest request, StreamObserver<GetResponse> responses) {
        ByteString value = values.get(request.getKey());
        log.debug("get key={} found={}", request.getKey(), value != null);
        if (value == null) {
            responses.onError(Status.NOT_FOUND.withDescription("no value for key '" + request.getKey() + "'")
                    .asRuntimeException());
            return;
        }
        responses.onNext(GetResponse.newBuilder().setValue(value).build());
        responses.onCompleted();
    }
}
