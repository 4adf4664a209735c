package io.halkyon.plugin.proto.internal.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.services.HealthStatusManager;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClientChannelsTest {

    private ServerListener listener;
    private ManagedChannel channel;

    @AfterEach
    void tearDown() throws InterruptedException {
        ClientChannels.close(channel);
        if (listener != null) {
            listener.server().shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
            listener.release();
        }
    }

    /** A socket path is no valid :authority: Node.js's HTTP/2 server resets such a stream. */
    @Test
    void dialsAUnixSocketWithAuthorityLocalhostNotItsPath() throws Exception {
        AtomicReference<String> authority = new AtomicReference<>();
        ServerInterceptor recordAuthority = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                              ServerCallHandler<Q, R> next) {
                authority.set(call.getAuthority());
                return next.startCall(call, headers);
            }
        };
        HealthStatusManager health = new HealthStatusManager();
        listener = ServerListener.start(ServerListener.UNIX, Map.of(),
                builder -> builder.addService(ServerInterceptors.intercept(health.getHealthService(), recordAuthority)));

        channel = ClientChannels.open(ServerListener.UNIX, listener.address(), 1024 * 1024, null);
        assertThat(HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance()).getStatus()).isEqualTo(ServingStatus.SERVING);

        assertThat(authority.get()).isEqualTo("localhost");
    }
}
