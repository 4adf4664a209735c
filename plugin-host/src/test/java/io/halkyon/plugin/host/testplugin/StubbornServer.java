package io.halkyon.plugin.host.testplugin;

import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.halkyon.plugin.proto.capability.v1.CapabilityPluginGrpc;
import io.halkyon.plugin.proto.capability.v1.GetInfoRequest;
import io.halkyon.plugin.proto.capability.v1.PluginInfo;
import io.halkyon.plugin.proto.capability.v1.TypeInfo;
import io.halkyon.plugin.proto.goplugin.Empty;
import io.halkyon.plugin.proto.goplugin.GRPCControllerGrpc;
import io.halkyon.plugin.proto.internal.net.ServerListener;
import java.io.IOException;

/**
 * A plugin written directly on grpc-java (no SDK), over TCP: it answers health and GetInfo
 * but ignores the Shutdown RPC and SIGTERM, so only SIGKILL stops it.
 */
final class StubbornServer {

    private StubbornServer() {
    }

    @SuppressWarnings("removal")
    static void run(String healthStatus, String category) throws IOException, InterruptedException {
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), sig -> ScenarioPlugin.RAW_ERR.println("[WARN] ignoring SIGTERM"));
        HealthStatusManager health = new HealthStatusManager();
        health.setStatus("plugin", ServingStatus.valueOf(healthStatus));
        // Within the port range the host offered: it dials nothing else.
        ServerListener listener = ServerListener.start("tcp", System.getenv(), b -> b
                .addService(health.getHealthService())
                .addService(new CapabilityPluginGrpc.CapabilityPluginImplBase() {
                    @Override
                    public void getInfo(GetInfoRequest request, StreamObserver<PluginInfo> response) {
                        response.onNext(PluginInfo.newBuilder().setName("stubborn").setVersion("1").setCategory(category)
                                .addTypes(TypeInfo.newBuilder().setType("mule")).build());
                        response.onCompleted();
                    }
                })
                .addService(new GRPCControllerGrpc.GRPCControllerImplBase() {
                    @Override
                    public void shutdown(Empty request, StreamObserver<Empty> response) {
                        ScenarioPlugin.RAW_ERR.println("[WARN] ignoring Shutdown");
                        response.onNext(Empty.getDefaultInstance());
                        response.onCompleted();
                    }
                })
                );
        System.out.println("1|1|tcp|" + listener.address() + "|grpc|");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
