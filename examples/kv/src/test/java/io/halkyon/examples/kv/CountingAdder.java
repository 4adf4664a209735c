package io.halkyon.examples.kv;

import io.grpc.stub.StreamObserver;
import io.halkyon.examples.kv.counter.AddHelperGrpc;
import io.halkyon.examples.kv.counter.SumRequest;
import io.halkyon.examples.kv.counter.SumResponse;
import java.util.concurrent.atomic.AtomicInteger;

/** An {@code AddHelper} that really adds, and counts its calls so a test knows it was called back. */
final class CountingAdder extends AddHelperGrpc.AddHelperImplBase {

    private final AtomicInteger calls = new AtomicInteger();

    @Override
    public void sum(SumRequest request, StreamObserver<SumResponse> responses) {
        calls.incrementAndGet();
        responses.onNext(SumResponse.newBuilder().setR(request.getA() + request.getB()).build());
        responses.onCompleted();
    }

    int calls() {
        return calls.get();
    }
}
