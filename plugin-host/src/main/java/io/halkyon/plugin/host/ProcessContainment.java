package io.halkyon.plugin.host;

import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.host.internal.Confinement;
import io.halkyon.plugin.host.internal.LinuxCalls;
import io.halkyon.plugin.host.internal.OrphanWatch;
import io.halkyon.plugin.host.internal.ProcessRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps plugin processes from reading the host or outliving it, on Linux. Two levels:
 * <ul>
 *   <li>{@link #harden()}, applied by every host at its first plugin launch: the host process is
 *       made non-dumpable (its {@code /proc/<pid>/environ} and memory closed to plugins of the
 *       same user), and plugins start through util-linux {@code setpriv} with
 *       {@code --pdeathsig KILL} (the kernel kills a plugin whose host died, even by SIGKILL),
 *       {@code --no-new-privs}, and no capabilities when the host is root;</li>
 *   <li>{@link #contain(Path, String)}, for a process that owns its JVM, such as the operator:
 *       the host becomes the <em>child subreaper</em> of its plugins, so a descendant that leaves
 *       a plugin's tree (double fork, {@code setsid()}) is re-parented to the host instead of
 *       init; every such adopted process is killed and reaped within a quarter of a second. The
 *       plugins' processes are recorded in a file of the given directory, so that a later host
 *       with the same key kills what this one left if it died without stopping them. Not for a
 *       host embedded in an application that starts processes of its own: every child of the JVM
 *       that the plugin host did not start counts as adopted.</li>
 * </ul>
 * What cannot be closed for child processes of the same user (files such as a pod's service
 * account token) is said in {@code docs/security.md}; {@link PluginClientConfig#runAs()} and
 * remote plugins are the isolated alternatives.
 */
public final class ProcessContainment implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProcessContainment.class);
    /** The plugin name of containment errors: they concern every plugin of the host. */
    private static final String ALL_PLUGINS = "*";
    private static ProcessContainment contained;

    private final OrphanWatch watch;
    private final Path recordFile;

    private ProcessContainment(OrphanWatch watch, Path recordFile) {
        this.watch = watch;
        this.recordFile = recordFile;
    }

    /**
     * What is in force in this process.
     *
     * @param nonDumpable         the host's /proc files are closed to plugins of its user
     * @param parentDeathSignal   plugins start through setpriv: killed when the host dies, no new privileges
     * @param capabilitiesDropped plugins run without capabilities (the host is root)
     * @param subreaper           orphans of plugins are adopted and killed ({@link #contain})
     * @param recordFile          where the plugins' processes are recorded ({@link #contain})
     */
    public record Status(boolean nonDumpable, boolean parentDeathSignal, boolean capabilitiesDropped,
                         boolean subreaper, Optional<Path> recordFile) {

        /** One line for a log: what is in force and what is not. */
        public String describe() {
            List<String> parts = new ArrayList<>();
            parts.add(nonDumpable ? "host non-dumpable" : "host DUMPABLE (plugins can read its environment)");
            parts.add(parentDeathSignal ? "plugins killed with the host, no new privileges"
                    : "no setpriv (plugins not killed by the kernel with the host)");
            if (capabilitiesDropped) {
                parts.add("plugins without capabilities");
            }
            parts.add(subreaper ? "orphans adopted and killed" : "not a subreaper");
            recordFile.ifPresent(file -> parts.add("processes recorded in " + file));
            return String.join(", ", parts);
        }
    }

    /** Whether {@link #contain} can work here: Linux, with libc reachable. */
    public static boolean supported() {
        return LinuxCalls.available();
    }

    /** Hardens the host now (every host does at its first plugin launch) and says what is in force. */
    public static synchronized Status harden() {
        boolean nonDumpable = Confinement.hardenHost();
        return new Status(nonDumpable, Confinement.setprivAvailable(), Confinement.dropsCapabilities(),
                contained != null, Optional.ofNullable(contained).map(c -> c.recordFile));
    }

    /**
     * Makes this process the child subreaper of its plugins, kills what dead hosts of {@code key}
     * recorded in {@code recordDirectory} and left running, and records this host's plugin
     * processes there from now on. Once at a time per JVM: again only after {@link #close()}.
     *
     * @param recordDirectory private to this user: created 0700 if missing; refused when it is a
     *                        symbolic link, owned by another user or writable by others
     * @param key             what identifies "the same host" across restarts (the operator uses its
     *                        plugins directory)
     * @throws PluginException when the directory cannot be used, or not on Linux
     * @throws IllegalStateException when already in force
     */
    public static synchronized ProcessContainment contain(Path recordDirectory, String key) {
        if (contained != null) {
            throw new IllegalStateException("process containment is already in force (" + contained.recordFile + ")");
        }
        if (!LinuxCalls.becomeSubreaper()) {
            throw new PluginException(ALL_PLUGINS, "process containment: cannot become the child subreaper of the plugins"
                    + " (prctl PR_SET_CHILD_SUBREAPER; Linux only)");
        }
        ProcessRecord record;
        try {
            record = ProcessRecord.open(recordDirectory, key);
        } catch (IOException e) {
            throw new PluginException(ALL_PLUGINS, "process containment: cannot use " + recordDirectory + " for the record of"
                    + " plugin processes: " + e.getMessage(), e);
        }
        contained = new ProcessContainment(new OrphanWatch(record).start(), record.file());
        Status status = harden();
        log.info("process containment: {}", status.describe());
        return contained;
    }

    /** What is in force. */
    public Status status() {
        return harden();
    }

    /**
     * Stops watching after a last pass (call it once the plugins are stopped); the record is
     * removed when no plugin process is left. The process stays a subreaper.
     */
    @Override
    public void close() {
        watch.close();
        synchronized (ProcessContainment.class) {
            if (contained == this) {
                contained = null;
            }
        }
    }
}
