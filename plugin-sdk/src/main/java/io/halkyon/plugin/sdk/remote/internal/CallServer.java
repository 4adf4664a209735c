package io.halkyon.plugin.sdk.remote.internal;

import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.Server;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.halkyon.plugin.proto.internal.remote.StreamRules;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The plugin's services behind an in-process gRPC server, so a call from the stream runs exactly
 * as a call over a socket would: same interceptors, same {@code Context} (deadline,
 * cancellation), same status for an exception. Calls reach it as raw bytes by method name.
 * Lives as long as the {@code RemotePlugin}, across connections.
 */
public final class CallServer implements AutoCloseable {

    /** Request and response bytes, passed through untouched. */
    static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new java.io.ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private final String pluginName;
    private final Map<String, MethodDescriptor<byte[], byte[]>> unary;
    private final Map<String, MethodType> streaming;
    private final List<String> serviceNames;
    private final ExecutorService executor;
    private final Server server;
    private final ManagedChannel channel;

    private CallServer(String pluginName, Map<String, MethodDescriptor<byte[], byte[]>> unary,
                       Map<String, MethodType> streaming, List<String> serviceNames, ExecutorService executor,
                       Server server, ManagedChannel channel) {
        this.pluginName = pluginName;
        this.unary = unary;
        this.streaming = streaming;
        this.serviceNames = serviceNames;
        this.executor = executor;
        this.server = server;
        this.channel = channel;
    }

    /** Starts the server with {@code services} (already wrapped with the SDK's interceptors). */
    public static CallServer start(String pluginName, List<ServerServiceDefinition> services, int maxMessageSize) {
        Map<String, MethodDescriptor<byte[], byte[]>> unary = new HashMap<>();
        Map<String, MethodType> streaming = new HashMap<>();
        for (ServerServiceDefinition service : services) {
            for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
                MethodDescriptor<?, ?> descriptor = method.getMethodDescriptor();
                if (descriptor.getType() == MethodType.UNARY) {
                    unary.put(descriptor.getFullMethodName(), MethodDescriptor.newBuilder(BYTES, BYTES)
                            .setType(MethodType.UNARY).setFullMethodName(descriptor.getFullMethodName()).build());
                } else {
                    streaming.put(descriptor.getFullMethodName(), descriptor.getType());
                }
            }
        }
        String serverName = "halkyon-remote-plugin-" + pluginName + "-" + UUID.randomUUID();
        ExecutorService executor = Executors.newCachedThreadPool(threads("remote-plugin-" + pluginName + "-call-"));
        InProcessServerBuilder builder = InProcessServerBuilder.forName(serverName).executor(executor)
                .maxInboundMessageSize(maxMessageSize);
        services.forEach(builder::addService);
        Server server;
        try {
            server = builder.build().start();
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("in-process server " + serverName, e);
        }
        // Answers are handled on the call threads too: never on the thread that cancels or starts a call.
        ManagedChannel channel = InProcessChannelBuilder.forName(serverName).executor(executor)
                .maxInboundMessageSize(maxMessageSize).build();
        List<String> names = services.stream().map(s -> s.getServiceDescriptor().getName()).toList();
        return new CallServer(pluginName, Map.copyOf(unary), Map.copyOf(streaming), names, executor, server, channel);
    }

    /**
     * The unary method the operator named ({@code /package.Service/Method}, the leading slash
     * optional).
     *
     * @throws io.grpc.StatusRuntimeException {@code UNIMPLEMENTED} saying what is served instead
     */
    MethodDescriptor<byte[], byte[]> method(String name) {
        String full = name.startsWith("/") ? name.substring(1) : name;
        MethodDescriptor<byte[], byte[]> method = unary.get(full);
        if (method != null) {
            return method;
        }
        MethodType type = streaming.get(full);
        String problem = type != null
                ? "method /" + full + " is " + type + "; only unary methods are called over the registration stream"
                : "no method " + StreamRules.quote(name) + "; expected /package.Service/Method of the services it"
                        + " serves: " + serviceNames;
        throw Status.UNIMPLEMENTED.withDescription("plugin '" + pluginName + "': " + problem).asRuntimeException();
    }

    ManagedChannel channel() {
        return channel;
    }

    @Override
    public void close() {
        channel.shutdownNow();
        server.shutdownNow();
        executor.shutdownNow();
        try {
            server.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
