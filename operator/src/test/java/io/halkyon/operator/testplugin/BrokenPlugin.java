package io.halkyon.operator.testplugin;

import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;
import io.halkyon.plugin.api.PluginProtocol;
import io.halkyon.plugin.proto.goplugin.Empty;
import io.halkyon.plugin.proto.goplugin.GRPCControllerGrpc;
import io.halkyon.plugin.proto.internal.net.ServerListener;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code broken <misbehaviour>[,<misbehaviour>...]}: a plugin without the SDK for
 * {@code plugins verify}'s tests, that follows every rule of the protocol and of the Capability
 * contract except those its misbehaviours break, one rule each (see {@link #MISBEHAVIOURS}):
 * <ul>
 *   <li>{@code no-cookie}: starts without its cookie; {@code any-version}: answers version 1
 *       whatever is offered; {@code stray-stdout}: prints a banner before its handshake line;
 *       {@code garbage-handshake}: prints a handshake line of an unknown network;</li>
 *   <li>{@code not-serving}: health says NOT_SERVING; {@code empty-info}: GetInfo answers
 *       nothing; the contract ones are {@link BrokenCapabilityService}'s;</li>
 *   <li>{@code ignore-shutdown}: answers Shutdown and keeps running; {@code keep-socket}: exits
 *       without removing its socket file; {@code ignore-host-death}: does not exit when its
 *       launching process is gone.</li>
 * </ul>
 */
public final class BrokenPlugin {

    public static final List<String> MISBEHAVIOURS = List.of("no-cookie", "any-version", "stray-stdout",
            "garbage-handshake", "not-serving", "empty-info", "wrong-kind", "other-namespace", "invalid-json",
            "oversize", "update-fails", "bogus-condition", "ignore-shutdown", "keep-socket", "ignore-host-death");

    private static final PrintStream STDOUT = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
            StandardCharsets.UTF_8);

    private BrokenPlugin() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Set<String> broken = Arrays.stream(args.length > 1 ? args[1].split(",") : new String[0])
                .map(String::strip).filter(b -> !b.isEmpty()).collect(java.util.stream.Collectors.toUnmodifiableSet());
        broken.stream().filter(b -> !MISBEHAVIOURS.contains(b)).findFirst().ifPresent(unknown -> {
            throw new IllegalArgumentException("unknown misbehaviour '" + unknown + "'; expected " + MISBEHAVIOURS);
        });
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        System.setOut(System.err);
        if (!broken.contains("no-cookie")
                && !PluginProtocol.MAGIC_COOKIE_VALUE.equals(System.getenv(PluginProtocol.MAGIC_COOKIE_KEY))) {
            System.err.println("[ERROR] this is a plugin, not meant to be executed directly");
            System.exit(1);
        }
        String offered = System.getenv().getOrDefault(PluginProtocol.ENV_PROTOCOL_VERSIONS, "1");
        if (!broken.contains("any-version") && !Arrays.asList(offered.split(",")).contains("1")) {
            System.err.println("[ERROR] no version in common: the host offers " + offered + ", the plugin speaks 1");
            System.exit(1);
        }
        HealthStatusManager health = new HealthStatusManager();
        String network = System.getenv().getOrDefault(PluginProtocol.ENV_NETWORK, ServerListener.UNIX);
        ServerListener listener = ServerListener.start(network, System.getenv(), b -> b
                .addService(new BrokenCapabilityService(broken))
                .addService(health.getHealthService())
                .addService(new GRPCControllerGrpc.GRPCControllerImplBase() {
                    @Override
                    public void shutdown(Empty request, StreamObserver<Empty> response) {
                        response.onNext(Empty.getDefaultInstance());
                        response.onCompleted();
                        if (!broken.contains("ignore-shutdown")) {
                            exitSoon(broken);
                        }
                    }
                })
                .maxInboundMessageSize(64 * 1024 * 1024));
        if (!broken.contains("keep-socket")) {
            Runtime.getRuntime().addShutdownHook(new Thread(listener::release, "broken-plugin-cleanup"));
        }
        health.setStatus(PluginProtocol.HEALTH_SERVICE,
                broken.contains("not-serving") ? ServingStatus.NOT_SERVING : ServingStatus.SERVING);
        if (broken.contains("stray-stdout")) {
            STDOUT.println("broken plugin starting, have a nice day");
        }
        STDOUT.println(broken.contains("garbage-handshake") ? "1|1|carrier-pigeon|the-roof|grpc|"
                : "1|1|" + listener.network() + "|" + listener.address() + "|grpc|");
        STDOUT.flush();
        while (broken.contains("ignore-host-death") || parent.map(ProcessHandle::isAlive).orElse(true)) {
            Thread.sleep(100);
        }
        System.err.println("[WARN] launching process gone: exiting");
        System.exit(0);
    }

    private static void exitSoon(Set<String> broken) {
        new Thread(() -> {
            System.err.println("[INFO] exiting: Shutdown RPC");
            if (broken.contains("keep-socket")) {
                Runtime.getRuntime().halt(0); // no hook: the socket file stays
            }
            System.exit(0);
        }, "broken-plugin-exit").start();
    }
}
