package io.halkyon.operator.verify;

import io.grpc.ManagedChannel;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.host.PluginClientConfig;
import io.halkyon.plugin.host.internal.Handshake;
import io.halkyon.plugin.host.internal.HealthCheck;
import io.halkyon.plugin.host.internal.TlsSetup;
import io.halkyon.plugin.proto.internal.net.ClientChannels;
import java.time.Duration;
import java.util.List;

/**
 * {@code automtls}: a launch with {@code PLUGIN_CLIENT_CERT}, as the host does with AutoMTLS on.
 * A plugin that answers without a certificate, or exits before its handshake only when the
 * variable is set (it refuses what it does not support), does not support it: skipped, saying so
 * (the host would refuse it only if asked to use AutoMTLS with it). One that answers with a certificate must
 * serve TLS with it, accept the host's, and answer health over it.
 */
final class AutoMtlsRules implements RuleGroup {

    @Override
    public List<Rule> rules() {
        return List.of(Rules.AUTOMTLS);
    }

    @Override
    public void check(Target target, Report report) {
        PluginClientConfig config = target.config().build();
        TlsSetup tls = TlsSetup.generate(target.name());
        try (Launch launch = Launch.start(config, tls.pem())) {
            Handshake handshake;
            try {
                handshake = launch.awaitHandshake();
            } catch (PluginException e) {
                // The same launch without the variable handshook (handshake.line); an exit now is a refusal.
                if (launch.awaitExit(Duration.ofSeconds(1)).isPresent()) {
                    report.skip(Rules.AUTOMTLS, "it exited before its handshake when given PLUGIN_CLIENT_CERT: it"
                            + " does not support AutoMTLS (last stderr lines:" + launch.lastStderr() + ")");
                    return;
                }
                throw e;
            }
            if (!handshake.hasServerCert()) {
                report.skip(Rules.AUTOMTLS, "it answered PLUGIN_CLIENT_CERT without a certificate: it does not"
                        + " support AutoMTLS");
                return;
            }
            TlsSetup.Contexts contexts = TlsSetup.check(target.name(), tls, handshake);
            ManagedChannel channel = ClientChannels.open(handshake.network(), handshake.address(),
                    config.maxMessageSize(), contexts.client());
            try {
                HealthCheck.check(target.name(), channel, handshake, System.nanoTime()
                        + config.startTimeout().toNanos(), config.startTimeout());
            } finally {
                ClientChannels.close(channel);
            }
            report.pass(Rules.AUTOMTLS, "health answered over mutual TLS with the certificate it printed");
        } catch (PluginException e) {
            report.fail(Rules.AUTOMTLS, e.getMessage());
        }
    }
}
