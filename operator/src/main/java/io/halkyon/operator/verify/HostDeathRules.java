package io.halkyon.operator.verify;

import io.halkyon.operator.DurationConverter;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.host.PluginClientConfig;
import io.halkyon.plugin.host.internal.JarCommand;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code host-death.exits}: the plugin runs under a stand-in host, a shell started by the host's
 * launcher that runs it as its child with its stdin, then the stand-in is killed with SIGKILL; the
 * plugin must exit by itself within the bound. Our host also has the kernel kill its plugins when it
 * dies (setpriv's parent-death signal, on Linux) and, as the operator, adopts and kills orphans:
 * the stand-in has neither, so this sees what the plugin does on its own (our SDK watches its parent
 * and its stdin). A plugin that does not is a warning: with our host on Linux it is killed anyway.
 */
final class HostDeathRules implements RuleGroup {

    /**
     * Runs {@code "$@"} in the background with the shell's stdin (a background job would get
     * /dev/null) and waits for it: the shell is the plugin's parent, and holds nothing else.
     */
    private static final String STAND_IN = "exec 3<&0; \"$@\" <&3 & wait";

    @Override
    public List<Rule> rules() {
        return List.of(Rules.HOST_DEATH);
    }

    @Override
    public void check(Target target, Report report) throws IOException {
        PluginClientConfig plugin = target.config().build();
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", STAND_IN, "halkyon-verify-host"));
        command.addAll(JarCommand.isJar(target.file()) ? JarCommand.of(plugin, target.file(), false, null).command()
                : List.of(target.file().toString()));
        PluginClientConfig standIn = target.template().toBuilder().name(target.name()).command(command).build();
        try (Launch launch = Launch.start(standIn, null)) {
            try {
                launch.awaitHandshake();
            } catch (PluginException e) {
                report.skip(Rules.HOST_DEATH, "it did not start under the stand-in host: " + e.getMessage());
                return;
            }
            ProcessHandle host = ProcessHandle.of(launch.pid()).orElse(null);
            Optional<ProcessHandle> child = host == null ? Optional.empty() : host.children().findFirst();
            if (child.isEmpty()) {
                report.skip(Rules.HOST_DEATH, "the stand-in host or the plugin under it is already gone");
                return;
            }
            host.destroyForcibly();
            if (Launch.await(child.get().onExit(), target.bound()).isPresent()) {
                report.pass(Rules.HOST_DEATH, "it exited within " + DurationConverter.format(target.bound())
                        + " of its host's SIGKILL");
            } else {
                report.warn(Rules.HOST_DEATH, "still running " + DurationConverter.format(target.bound())
                        + " after its host was killed: it does not watch its parent or the end of its stdin;"
                        + " our host on Linux has the kernel kill it, other hosts leave it running");
                child.get().destroyForcibly();
            }
        }
    }
}
