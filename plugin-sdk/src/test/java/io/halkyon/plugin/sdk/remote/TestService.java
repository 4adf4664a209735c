package io.halkyon.plugin.sdk.remote;

import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Service {@code test.Remote}, over UTF-8 strings, with a method per behaviour the tests need.
 * <ul>
 *   <li>{@code Echo}: answers {@code echo:<request>};</li>
 *   <li>{@code Fail}: throws {@link IllegalArgumentException} with the request as message, or, for
 *       {@code not-found <message>}, a {@code NOT_FOUND} status;</li>
 *   <li>{@code Block}: records its request and deadline, waits until its {@code Context} is cancelled, records
 *       that under the request, then returns (its answer would be {@code too late});</li>
 *   <li>{@code Barrier}: waits until {@link #BARRIER} calls are inside, then answers;</li>
 *   <li>{@code Gate}: counts itself running, waits for a permit from {@link #gates}, answers;</li>
 *   <li>{@code Big}: answers as many bytes as the request's number;</li>
 *   <li>{@code Watch}: server streaming, never called over the stream.</li>
 * </ul>
 */
final class TestService implements BindableService {

    static final String SERVICE = "test.Remote";
    static final int BARRIER = 8;

    final Map<String, Deadline> deadlines = new ConcurrentHashMap<>();
    final Set<String> blocked = ConcurrentHashMap.newKeySet();
    final Map<String, Boolean> cancelled = new ConcurrentHashMap<>();
    final Map<String, CountDownLatch> cancelledLatch = new ConcurrentHashMap<>();
    final CountDownLatch barrier = new CountDownLatch(BARRIER);
    final Semaphore gates = new Semaphore(0);
    final AtomicInteger gateRunning = new AtomicInteger();
    final AtomicInteger gateMaxRunning = new AtomicInteger();

    static String method(String name) {
        return "/" + SERVICE + "/" + name;
    }

    @Override
    public ServerServiceDefinition bindService() {
        return ServerServiceDefinition.builder(SERVICE)
                .addMethod(unary("Echo"), ServerCalls.asyncUnaryCall((request, out) -> {
                    out.onNext("echo:" + request);
                    out.onCompleted();
                }))
                .addMethod(unary("Fail"), ServerCalls.asyncUnaryCall((request, out) -> {
                    if (request.startsWith("not-found ")) {
                        throw Status.NOT_FOUND.withDescription(request.substring(10)).asRuntimeException();
                    }
                    throw new IllegalArgumentException(request);
                }))
                .addMethod(unary("Block"), ServerCalls.asyncUnaryCall((request, out) -> {
                    Context context = Context.current();
                    if (context.getDeadline() != null) {
                        deadlines.put(request, context.getDeadline());
                    }
                    blocked.add(request);
                    CountDownLatch done = latch(request);
                    context.addListener(c -> {
                        cancelled.put(request, true);
                        done.countDown();
                    }, Runnable::run);
                    try {
                        done.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    out.onNext("too late");
                    out.onCompleted();
                }))
                .addMethod(unary("Barrier"), ServerCalls.asyncUnaryCall((request, out) -> {
                    barrier.countDown();
                    try {
                        if (!barrier.await(30, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("only " + (BARRIER - barrier.getCount()) + " calls arrived");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    out.onNext("through:" + request);
                    out.onCompleted();
                }))
                .addMethod(unary("Gate"), ServerCalls.asyncUnaryCall((request, out) -> {
                    int now = gateRunning.incrementAndGet();
                    gateMaxRunning.accumulateAndGet(now, Math::max);
                    try {
                        gates.acquire();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    gateRunning.decrementAndGet();
                    out.onNext("passed:" + request);
                    out.onCompleted();
                }))
                .addMethod(unary("Big"), ServerCalls.asyncUnaryCall((request, out) -> {
                    out.onNext("x".repeat(Integer.parseInt(request)));
                    out.onCompleted();
                }))
                .addMethod(descriptor("Watch", MethodType.SERVER_STREAMING), ServerCalls.asyncServerStreamingCall(
                        (request, out) -> out.onCompleted()))
                .build();
    }

    /** Counted down when the {@code Block} call of this request sees its Context cancelled. */
    CountDownLatch latch(String request) {
        return cancelledLatch.computeIfAbsent(request, r -> new CountDownLatch(1));
    }

    boolean awaitCancelled(String request) throws InterruptedException {
        return latch(request).await(20, TimeUnit.SECONDS);
    }

    private static MethodDescriptor<String, String> unary(String name) {
        return descriptor(name, MethodType.UNARY);
    }

    private static MethodDescriptor<String, String> descriptor(String name, MethodType type) {
        return MethodDescriptor.<String, String>newBuilder().setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
                .setRequestMarshaller(UTF8).setResponseMarshaller(UTF8).build();
    }

    private static final MethodDescriptor.Marshaller<String> UTF8 = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
}
