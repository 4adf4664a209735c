package io.halkyon.operator.verify;

import io.halkyon.operator.DurationConverter;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.api.PluginTimeoutException;
import io.halkyon.plugin.host.PluginClientConfig;
import io.halkyon.plugin.host.internal.Handshake;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a plugin must refuse: to start without its cookie ({@code handshake.cookie}), and to serve
 * a set of versions it has none of ({@code version.unsupported}). Each is one launch that must end
 * with a non-zero status and no handshake line, within the bound.
 */
final class RefusalRules implements RuleGroup {

    /** A version no plugin serves: far above any real one. */
    static final int UNKNOWN_VERSION = 99;
    /** The cookie given instead of the real one: a variable no plugin looks at. */
    private static final String DECOY_COOKIE = "HALKYON_VERIFY_NOT_THE_COOKIE";

    @Override
    public List<Rule> rules() {
        return List.of(Rules.COOKIE, Rules.VERSION_UNSUPPORTED);
    }

    @Override
    public void check(Target target, Report report) {
        PluginClientConfig withoutCookie = target.config().cookie(DECOY_COOKIE, "1").build();
        refuses(report, Rules.COOKIE, withoutCookie, "without " + target.template().cookieKey(),
                target.bound());
        PluginClientConfig unknownVersion = target.config().protocolVersions(UNKNOWN_VERSION).build();
        refuses(report, Rules.VERSION_UNSUPPORTED, unknownVersion,
                "offered only version " + UNKNOWN_VERSION, target.bound());
    }

    private static void refuses(Report report, Rule rule, PluginClientConfig config, String situation,
                                Duration bound) {
        try (Launch launch = Launch.start(config, null)) {
            Handshake handshake;
            try {
                handshake = launch.awaitHandshake();
            } catch (PluginTimeoutException e) {
                report.fail(rule, situation + ", it neither exited nor printed a handshake line within "
                        + DurationConverter.format(config.startTimeout()));
                return;
            } catch (PluginException e) {
                if (e.getMessage().contains(Handshake.INVALID_LINE)) {
                    if (rule == Rules.VERSION_UNSUPPORTED && e.getMessage().contains(Handshake.NOT_OFFERED)) {
                        // go-plugin's Serve answers its lowest version when none is in common: every host
                        // refuses that line, so the plugin never loads; our SDK exits instead.
                        report.warn(rule, situation + ", it answered a version that was not offered instead of"
                                + " exiting (go-plugin's fallback; every host refuses the line): " + e.getMessage());
                    } else {
                        report.fail(rule, situation + ", it printed a handshake line anyway: " + e.getMessage());
                    }
                    return;
                }
                Optional<Integer> status = launch.awaitExit(bound);
                if (status.isEmpty()) {
                    report.fail(rule, situation + ", it printed no handshake line but did not exit: " + e.getMessage());
                } else if (status.get() == 0) {
                    report.fail(rule, situation + ", it exited with status 0; a refusal exits non-zero");
                } else {
                    report.pass(rule, situation + ", it exited with status " + status.get()
                            + " and printed no handshake line");
                }
                return;
            }
            report.fail(rule, situation + ", it started anyway: it printed a handshake line for app version "
                    + handshake.appVersion() + ", " + handshake.network() + " " + handshake.address());
        }
    }
}
