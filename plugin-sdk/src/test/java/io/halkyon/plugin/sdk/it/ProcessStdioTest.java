package io.halkyon.plugin.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Empty;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import io.halkyon.plugin.proto.capability.v1.CapabilityPluginGrpc;
import io.halkyon.plugin.proto.goplugin.GRPCControllerGrpc;
import io.halkyon.plugin.proto.goplugin.GRPCStdioGrpc;
import io.halkyon.plugin.proto.goplugin.StdioData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** GRPCStdio: a subscriber gets System.out as STDOUT chunks instead of stderr; the stream ends at shutdown. */
class ProcessStdioTest {

    private PluginProcess process;
    private ManagedChannel channel;

    @AfterEach
    void cleanUp() throws InterruptedException {
        Wire.close(channel);
        if (process != null) {
            process.close();
        }
    }

    @Test
    void aSubscriberReceivesSystemOutAsStdoutChunksUntilShutdown() throws Exception {
        process = PluginProcess.start("serve", Map.of());
        String[] fields = process.handshakeFields();
        channel = Wire.dial(fields[2], fields[3]);
        List<StdioData> chunks = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> ended = new CompletableFuture<>();
        GRPCStdioGrpc.newStub(channel).streamStdio(Empty.getDefaultInstance(), new StreamObserver<>() {
            @Override
            public void onNext(StdioData data) {
                chunks.add(data);
            }

            @Override
            public void onError(Throwable t) {
                ended.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                ended.complete(null);
            }
        });
        process.awaitStderr("System.out is now streamed to the host");

        CapabilityPluginGrpc.newBlockingStub(channel).build(Wire.request("db1", "printer"));

        await().atMost(Duration.ofSeconds(10)).until(() -> chunks.stream()
                .anyMatch(c -> c.getChannel() == StdioData.Channel.STDOUT
                        && c.getData().toString(StandardCharsets.UTF_8).contains(TestPlugin.PRINTED)));
        assertThat(process.stderr()).noneMatch(line -> line.contains(TestPlugin.PRINTED));
        assertThat(process.stdout()).hasSize(1);

        GRPCControllerGrpc.newBlockingStub(channel).shutdown(io.halkyon.plugin.proto.goplugin.Empty.getDefaultInstance());
        await().atMost(Duration.ofSeconds(5)).until(ended::isDone);
        assertThat(ended).isCompletedWithValue(null);
        assertThat(process.awaitExit(Duration.ofSeconds(5))).isZero();
    }
}
