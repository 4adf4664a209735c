package io.halkyon.plugin.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.ListenableFuture;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.PluginResource;
import io.halkyon.plugin.api.TypeInfo;
import io.halkyon.plugin.proto.capability.v1.BuildResponse;
import io.halkyon.plugin.proto.capability.v1.CapabilityPluginGrpc;
import io.halkyon.plugin.proto.capability.v1.GetInfoRequest;
import io.halkyon.plugin.proto.goplugin.Empty;
import io.halkyon.plugin.proto.goplugin.GRPCControllerGrpc;
import io.halkyon.plugin.sdk.it.Wire;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Plugin code runs off the connection's event loop: while Builds hang, the same connection (the
 * host has one) still answers health checks, GetInfo and Shutdown.
 */
class SlowCallTest {

    private static final int HANGING = 4;

    private final CountDownLatch entered = new CountDownLatch(HANGING);
    private final CountDownLatch release = new CountDownLatch(1);
    private ServedPlugin served;
    private ManagedChannel channel;

    /** One ConfigMap whose build() waits until the test releases it. */
    private final class Hanging implements PluginResource {
        @Override
        public String category() {
            return "test";
        }

        @Override
        public List<TypeInfo> types() {
            return List.of(TypeInfo.of("thing", "1"));
        }

        @Override
        public List<DependentResource> dependentResourcesWith(Capability owner) {
            String name = owner.getMetadata().getName() + "-config";
            return List.of(new DependentResource() {
                @Override
                public DependentKey key() {
                    return DependentKey.of("v1", "ConfigMap", name);
                }

                @Override
                public HasMetadata build() {
                    entered.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().build();
                }
            });
        }
    }

    @BeforeEach
    void start() {
        served = PluginServer.start(new Hanging(), ServeConfig.builder().shutdownGrace(Duration.ofMillis(200)).build());
        channel = Wire.dial(served.network().wireName(), served.address());
    }

    @AfterEach
    void stop() throws InterruptedException {
        release.countDown();
        Wire.close(channel);
        served.close();
    }

    @Test
    void healthAndGetInfoAnswerOnTheSameConnectionWhileBuildsHang() throws Exception {
        List<ListenableFuture<BuildResponse>> builds = hangBuilds();

        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
        assertThat(health.check(HealthCheckRequest.newBuilder().setService("plugin").build()).getStatus())
                .isEqualTo(ServingStatus.SERVING);
        assertThat(CapabilityPluginGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .getInfo(GetInfoRequest.getDefaultInstance()).getCategory()).isEqualTo("test");
        assertThat(builds).noneMatch(Future::isDone);

        release.countDown();
        for (ListenableFuture<BuildResponse> build : builds) {
            assertThat(Wire.object(build.get(30, TimeUnit.SECONDS).getObject()).getMetadata().getName())
                    .isEqualTo("db-config");
        }
    }

    @Test
    void shutdownAnswersAndStopsThePluginWhileBuildsHang() throws Exception {
        hangBuilds();

        GRPCControllerGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .shutdown(Empty.getDefaultInstance());

        await().atMost(Duration.ofSeconds(10)).until(served::isStopped);
    }

    /** Builds in flight, each waiting in plugin code. */
    private List<ListenableFuture<BuildResponse>> hangBuilds() throws InterruptedException {
        CapabilityPluginGrpc.CapabilityPluginFutureStub futures = CapabilityPluginGrpc.newFutureStub(channel);
        List<ListenableFuture<BuildResponse>> builds = new ArrayList<>();
        for (int i = 0; i < HANGING; i++) {
            builds.add(futures.build(Wire.request("db", "db-config")));
        }
        assertThat(entered.await(30, TimeUnit.SECONDS)).as("all Builds running in plugin code").isTrue();
        return builds;
    }
}
