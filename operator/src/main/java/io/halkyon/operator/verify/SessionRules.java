package io.halkyon.operator.verify;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.halkyon.operator.DurationConverter;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.api.PluginProtocol;
import io.halkyon.plugin.host.PluginClient;
import io.halkyon.plugin.host.PluginClientConfig;
import io.halkyon.plugin.host.ReattachConfig;
import io.halkyon.plugin.host.internal.AddressPolicy;
import io.halkyon.plugin.host.internal.Handshake;
import io.halkyon.plugin.host.internal.HealthCheck;
import io.halkyon.plugin.host.internal.TlsSetup;
import io.halkyon.plugin.proto.goplugin.Empty;
import io.halkyon.plugin.proto.goplugin.GRPCControllerGrpc;
import io.halkyon.plugin.proto.internal.net.ClientChannels;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One launch as the operator launches it, offered an unknown version besides the Capability
 * version: the handshake (line, negotiation, stray stdout, address), health, the Capability
 * contract ({@link CapabilityRules}, through the host's client reattached to the process), then the
 * Shutdown call, after which the process must exit within the bound and leave no socket file.
 */
final class SessionRules implements RuleGroup {

    private static final List<Rule> HANDSHAKE = List.of(Rules.HANDSHAKE_LINE, Rules.VERSION_NEGOTIATION,
            Rules.STRAY_STDOUT, Rules.ADDRESS, Rules.HEALTH);
    private static final List<Rule> SHUTDOWN = List.of(Rules.SHUTDOWN, Rules.SOCKET);

    @Override
    public List<Rule> rules() {
        return Stream.of(HANDSHAKE, CapabilityRules.RULES, SHUTDOWN).flatMap(List::stream).toList();
    }

    @Override
    public void check(Target target, Report report) {
        PluginClientConfig config = target.config()
                .protocolVersions(RefusalRules.UNKNOWN_VERSION, PluginProtocol.APP_PROTOCOL_VERSION).build();
        try (Launch launch = Launch.start(config, null)) {
            Handshake handshake;
            try {
                handshake = launch.awaitHandshake();
                TlsSetup.check(target.name(), null, handshake); // a certificate nobody asked for
            } catch (PluginException e) {
                report.fail(Rules.HANDSHAKE_LINE, e.getMessage());
                strays(launch, report);
                report.skipRest(rules(), "no usable handshake (handshake.line failed)");
                return;
            }
            report.pass(Rules.HANDSHAKE_LINE, "app version " + handshake.appVersion() + ", " + handshake.network()
                    + " " + handshake.address() + ", " + handshake.protocol());
            if (handshake.appVersion() == PluginProtocol.APP_PROTOCOL_VERSION) {
                report.pass(Rules.VERSION_NEGOTIATION, "offered " + config.protocolVersions() + ", it chose "
                        + handshake.appVersion());
            } else {
                report.fail(Rules.VERSION_NEGOTIATION, "offered " + config.protocolVersions() + ", it chose "
                        + handshake.appVersion() + ", a version no plugin serves; it must pick the highest version it"
                        + " serves among those offered");
            }
            strays(launch, report);
            try {
                AddressPolicy.check(target.name(), handshake, config.minPort(), config.maxPort(),
                        launch.process().socketDirectory());
                report.pass(Rules.ADDRESS, handshake.network() + " " + handshake.address());
            } catch (PluginException e) {
                report.fail(Rules.ADDRESS, e.getMessage());
                report.skipRest(rules(), "the host would not dial it (handshake.address failed)");
                return;
            }
            ManagedChannel channel = ClientChannels.open(handshake.network(), handshake.address(),
                    config.maxMessageSize(), null);
            try {
                if (!healthy(target, config, handshake, channel, report)) {
                    report.skipRest(rules(), "it is not healthy (health.serving failed)");
                    return;
                }
                contract(target, handshake, report);
                shutdown(target, launch, handshake, channel, report);
            } finally {
                ClientChannels.close(channel);
            }
        }
    }

    private static void strays(Launch launch, Report report) {
        List<String> strays = launch.strayLines();
        if (strays.isEmpty()) {
            report.pass(Rules.STRAY_STDOUT, "nothing on stdout before the handshake line");
        } else {
            report.warn(Rules.STRAY_STDOUT, "stdout before the handshake line: " + strays.stream()
                    .map(s -> "\"" + s + "\"").collect(Collectors.joining(", "))
                    + "; our host skips such lines, go-plugin hosts refuse the plugin");
        }
    }

    private static boolean healthy(Target target, PluginClientConfig config, Handshake handshake,
                                   ManagedChannel channel, Report report) {
        try {
            HealthCheck.check(target.name(), channel, handshake, System.nanoTime() + config.startTimeout().toNanos(),
                    config.startTimeout());
            report.pass(Rules.HEALTH, "service '" + PluginProtocol.HEALTH_SERVICE + "' is SERVING");
            return true;
        } catch (PluginException e) {
            report.fail(Rules.HEALTH, e.getMessage());
            return false;
        }
    }

    /** The contract through the host's own client, attached to the process without taking it over. */
    private static void contract(Target target, Handshake handshake, Report report) {
        if (handshake.appVersion() != PluginProtocol.APP_PROTOCOL_VERSION) {
            report.skipRest(CapabilityRules.RULES, "it negotiated version " + handshake.appVersion()
                    + ", which has no Capability service");
            return;
        }
        PluginClient client;
        try {
            client = PluginClient.reattach(target.template().toBuilder().name(target.name()).build(),
                    ReattachConfig.of(handshake.network(), handshake.address(), handshake.appVersion()));
        } catch (PluginException e) {
            report.failRest(CapabilityRules.RULES, "the host cannot connect to it: " + e.getMessage());
            return;
        }
        try {
            new CapabilityRules().check(target, client, report);
        } finally {
            client.close(); // a reattached client sends Shutdown only: the rule below looks at what follows
        }
    }

    private static void shutdown(Target target, Launch launch, Handshake handshake, ManagedChannel channel,
                                 Report report) {
        if (launch.awaitExit(java.time.Duration.ZERO).isEmpty()) {
            try {
                GRPCControllerGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(target.bound().toNanos(), TimeUnit.NANOSECONDS)
                        .shutdown(Empty.getDefaultInstance());
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                    report.fail(Rules.SHUTDOWN, "it does not serve plugin.GRPCController/Shutdown: " + e.getStatus());
                }
                // Otherwise it may have exited before answering: what follows tells.
            }
        }
        Optional<Integer> status = launch.awaitExit(target.bound());
        if (status.isEmpty()) {
            report.fail(Rules.SHUTDOWN, "still running " + DurationConverter.format(target.bound())
                    + " after the Shutdown call (the host sends SIGTERM after "
                    + DurationConverter.format(launch.config().shutdownGrace()) + ")");
            report.skip(Rules.SOCKET, "it did not exit (shutdown.exits failed)");
            return;
        }
        report.pass(Rules.SHUTDOWN, "exited with status " + status.get() + " after the Shutdown call");
        if (!handshake.network().equals("unix")) {
            report.skip(Rules.SOCKET, "it listens on " + handshake.network() + ": no socket file");
        } else if (Files.exists(Path.of(handshake.address()), LinkOption.NOFOLLOW_LINKS)) {
            report.fail(Rules.SOCKET, "it left its socket file " + handshake.address());
        } else {
            report.pass(Rules.SOCKET, handshake.address() + " is gone");
        }
    }
}
