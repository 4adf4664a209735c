package io.halkyon.plugin.sdk.it;

import io.grpc.BindableService;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A service of no Capability and no .proto: {@code test.Echo/Echo} over raw bytes, answering
 * {@code prefix + request}, or throwing an {@link IllegalStateException} with the rest of a request
 * {@code throw <message>}. What an operator developer's own interface looks like to the SDK.
 */
public final class EchoService implements BindableService {

    static final MethodDescriptor<String, String> ECHO = MethodDescriptor.<String, String>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("test.Echo/Echo")
            .setRequestMarshaller(new Utf8())
            .setResponseMarshaller(new Utf8())
            .build();

    private final String prefix;

    public EchoService(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public ServerServiceDefinition bindService() {
        return ServerServiceDefinition.builder("test.Echo")
                .addMethod(ECHO, ServerCalls.asyncUnaryCall((request, responses) -> {
                    if (request.startsWith("throw ")) {
                        throw new IllegalStateException(request.substring("throw ".length()));
                    }
                    responses.onNext(prefix + request);
                    responses.onCompleted();
                }))
                .build();
    }

    /** Calls Echo on {@code channel}. */
    public static String call(Channel channel, String text) {
        return ClientCalls.blockingUnaryCall(channel, ECHO,
                io.grpc.CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), text);
    }

    private static final class Utf8 implements MethodDescriptor.Marshaller<String> {
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
    }
}
