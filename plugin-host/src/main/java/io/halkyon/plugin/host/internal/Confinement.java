package io.halkyon.plugin.host.internal;

import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.host.PluginClientConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a plugin process is started under, and the process-wide hardening of the host done
 * before its first plugin starts:
 * <ul>
 *   <li>the host is made non-dumpable, so its {@code /proc/<pid>/environ}, {@code mem} and the
 *       like are closed to processes of the same user without {@code CAP_SYS_PTRACE} (plugins
 *       included). Opt out with {@code -Dhalkyon.plugin.dumpable=true} (core dumps, jcmd);</li>
 *   <li>each plugin starts through util-linux {@code setpriv}: killed by the kernel when the
 *       host dies ({@code --pdeathsig KILL}), no new privileges through setuid files
 *       ({@code --no-new-privs}), every capability dropped when the host runs as root, and under
 *       {@link PluginClientConfig#runAs()} when set. Without {@code setpriv}, plugins start
 *       directly (logged once) and {@code runAs} is refused.</li>
 * </ul>
 */
public final class Confinement {

    private static final Logger log = LoggerFactory.getLogger(Confinement.class);
    private static final String SETPRIV = find("/usr/bin/setpriv", "/bin/setpriv");
    private static volatile Boolean nonDumpable;

    private Confinement() {
    }

    /** Makes the host non-dumpable, once; whether it is. */
    public static synchronized boolean hardenHost() {
        if (nonDumpable == null) {
            if (Boolean.getBoolean("halkyon.plugin.dumpable")) {
                nonDumpable = false;
                log.warn("process containment: the host stays dumpable (-Dhalkyon.plugin.dumpable=true): plugins"
                        + " of its user can read its environment and memory through /proc");
            } else {
                nonDumpable = LinuxCalls.makeNonDumpable();
                if (!nonDumpable) {
                    log.warn("process containment: cannot make the host non-dumpable: plugins of its user can read"
                            + " its environment and memory through /proc");
                } else if (SETPRIV == null) {
                    log.warn("process containment: util-linux setpriv not found: plugins start without a parent-death"
                            + " signal, keep the host's capabilities and cannot run as another user");
                }
            }
        }
        return nonDumpable;
    }

    /** Whether plugins start through setpriv. */
    public static boolean setprivAvailable() {
        return SETPRIV != null;
    }

    /** Whether plugins drop every capability (the host runs as root and setpriv exists). */
    public static boolean dropsCapabilities() {
        return SETPRIV != null && LinuxCalls.effectiveUid() == 0;
    }

    /** The words to put before the plugin's command line. */
    static List<String> prefix(PluginClientConfig config) {
        if (SETPRIV == null) {
            if (config.runAs().isPresent()) {
                throw new PluginException(config.name(), "plugin '" + config.name() + "': cannot run as user "
                        + config.runAs().get() + ": util-linux setpriv is not installed");
            }
            return List.of();
        }
        List<String> prefix = new ArrayList<>(List.of(SETPRIV, "--pdeathsig=KILL", "--no-new-privs"));
        config.runAs().ifPresent(user -> prefix.addAll(List.of("--reuid=" + user.uid(), "--regid=" + user.gid(),
                "--clear-groups")));
        if (dropsCapabilities()) {
            prefix.addAll(List.of("--inh-caps=-all", "--ambient-caps=-all", "--bounding-set=-all"));
        }
        prefix.add("--");
        return prefix;
    }

    private static String find(String... candidates) {
        for (String candidate : candidates) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return null;
    }
}
