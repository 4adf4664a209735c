package io.halkyon.operator.testplugin;

import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.halkyon.plugin.proto.goplugin.Empty;
import io.halkyon.plugin.proto.goplugin.GRPCControllerGrpc;
import io.grpc.stub.StreamObserver;
import io.halkyon.plugin.proto.internal.net.ServerListener;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * A plugin without the SDK: a plain gRPC server implementing the CapabilityPlugin service
 * ({@link RawCapabilityService}), health {@code plugin} SERVING and go-plugin's controller, which
 * prints its own go-plugin handshake line ({@code 1|1|tcp|127.0.0.1:PORT|grpc|}). It can send
 * the raw bad answers the SDK refuses to send. It exits when asked to shut down, and, as the SDK
 * does, when the process that launched it is gone.
 */
public final class RawPlugin {

    private RawPlugin() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        PrintStream stdout = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        System.setOut(System.err); // nothing but the handshake line on stdout
        HealthStatusManager health = new HealthStatusManager();
        // Within the port range the host offered: it dials nothing else.
        ServerListener listener = ServerListener.start("tcp", System.getenv(), b -> b
                .addService(new RawCapabilityService())
                .addService(health.getHealthService())
                .addService(new GRPCControllerGrpc.GRPCControllerImplBase() {
                    @Override
                    public void shutdown(Empty request, StreamObserver<Empty> response) {
                        response.onNext(Empty.getDefaultInstance());
                        response.onCompleted();
                        exitSoon("Shutdown RPC");
                    }
                })
                .maxInboundMessageSize(64 * 1024 * 1024));
        health.setStatus("plugin", ServingStatus.SERVING);
        stdout.println("1|1|tcp|" + listener.address() + "|grpc|");
        stdout.flush();
        System.err.println("[INFO] raw test plugin serving on " + listener.address());
        while (parent.map(ProcessHandle::isAlive).orElse(true)) {
            Thread.sleep(Duration.ofMillis(200).toMillis());
        }
        System.err.println("[WARN] launching process gone: exiting");
        System.exit(0);
    }

    private static void exitSoon(String why) {
        Thread exit = new Thread(() -> {
            System.err.println("[INFO] exiting: " + why);
            System.exit(0);
        }, "raw-plugin-exit");
        exit.start();
    }
}
