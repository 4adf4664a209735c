package io.halkyon.examples.kv;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.halkyon.examples.kv.counter.AddHelperGrpc;
import io.halkyon.examples.kv.counter.CounterGrpc;
import io.halkyon.examples.kv.counter.Empty;
import io.halkyon.examples.kv.counter.GetRequest;
import io.halkyon.examples.kv.counter.GetResponse;
import io.halkyon.examples.kv.counter.PutRequest;
import io.halkyon.examples.kv.counter.SumRequest;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.grpc.PluginBroker;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The counter plugin's service, go-plugin's bidirectional example (go/counter-plugin) in Java:
 * {@code Put(add_server, key, value)} dials the host's {@code AddHelper} through the broker,
 * which the host offered under {@code add_server}, and stores {@code Sum(current, value)}.
 */
final class CounterService extends CounterGrpc.CounterImplBase {

    private static final Logger log = LoggerFactory.getLogger(CounterService.class);

    private final PluginBroker broker;
    /** Guarded by itself, held across the call back so that concurrent Puts of a key add up. */
    private final Map<String, Long> values = new HashMap<>();

    CounterService(PluginBroker broker) {
        this.broker = broker;
    }

    @Override
    public void put(PutRequest request, StreamObserver<Empty> responses) {
        ManagedChannel channel;
        try {
            channel = broker.dial(request.getAddServer());
        } catch (PluginException e) {
            responses.onError(Status.UNAVAILABLE.withDescription("dialing the host's AddHelper (broker id "
                    + Integer.toUnsignedString(request.getAddServer()) + "): " + e.getMessage()).asRuntimeException());
            return;
        }
        try {
            long sum;
            synchronized (values) {
                long current = values.getOrDefault(request.getKey(), 0L);
                sum = AddHelperGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                        .sum(SumRequest.newBuilder().setA(current).setB(request.getValue()).build()).getR();
                values.put(request.getKey(), sum);
            }
            log.info("put key={} add={} value={}", request.getKey(), request.getValue(), sum);
            responses.onNext(Empty.getDefaultInstance());
            responses.onCompleted();
        } catch (StatusRuntimeException e) {
            responses.onError(e.getStatus().withDescription("host AddHelper.Sum: " + e.getStatus().getDescription())
                    .asRuntimeException());
        } finally {
            channel.shutdownNow();
        }
    }

    @Override
    public void get(GetRequest request, StreamObserver<GetResponse> responses) {
        Long value;
        synchronized (values) {
            value = values.get(request.getKey());
        }
        if (value == null) {
            responses.onError(Status.NOT_FOUND.withDescription("no value for key '" + request.getKey() + "'")
                    .asRuntimeException());
            return;
        }
        responses.onNext(GetResponse.newBuilder().setValue(value).build());
        responses.onCompleted();
    }
}
