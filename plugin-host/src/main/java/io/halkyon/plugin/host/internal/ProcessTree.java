package io.halkyon.plugin.host.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plugin process and everything it started, and how to signal them all.
 *
 * <p>Reaping: when {@code setsid} exists the plugin runs in its own session and process group
 * (pgid = its pid), so a signal to the group reaches grandchildren even after they were
 * re-parented to init. In addition every descendant ever seen (snapshot at each signal) is
 * signalled directly, which covers processes that left the group and hosts without
 * {@code setsid}. Java has no group-signal API, so group signals go through {@code kill}.
 */
public final class ProcessTree {

    private static final Logger log = LoggerFactory.getLogger(ProcessTree.class);
    private static final String KILL = findKill();
    /** Trees whose process has not been released yet: what the orphan watch records. */
    private static final Set<ProcessTree> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final String pluginName;
    private final Process process;
    private final boolean ownGroup;
    private final Set<ProcessHandle> known = new LinkedHashSet<>();
    private final Path socketParent;

    public ProcessTree(String pluginName, Process process, boolean ownGroup) {
        this(pluginName, process, ownGroup, null);
    }

    /** @param socketParent the host's directory for the plugin's socket, or null */
    public ProcessTree(String pluginName, Process process, boolean ownGroup, Path socketParent) {
        this.pluginName = pluginName;
        this.process = process;
        this.ownGroup = ownGroup && KILL != null;
        this.socketParent = socketParent;
        LIVE.add(this);
    }

    /** The trees not yet {@link #forget() forgotten}. */
    static Set<ProcessTree> live() {
        return Set.copyOf(LIVE);
    }

    /** Called once the plugin is released: its processes are no longer recorded. */
    public void forget() {
        LIVE.remove(this);
    }

    /** The host's directory for the plugin's socket, or null. */
    public Path socketParent() {
        return socketParent;
    }

    /** Removes the host's socket directory for this plugin, with what the plugin left in it; once it has exited. */
    public void removeSocketParent() {
        if (socketParent != null && !process.isAlive()) {
            deleteTree(socketParent);
        }
    }

    /** Deletes a directory and everything in it, quietly; null is nothing to do. */
    static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    log.debug("cannot remove {}: {}", path, e.toString());
                }
            });
        } catch (IOException | UncheckedIOException e) {
            log.debug("cannot remove {}: {}", dir, e.toString());
        }
    }

    public Process process() {
        return process;
    }

    /** Whether the plugin leads its own process group (started through setsid). */
    public boolean ownGroup() {
        return ownGroup;
    }

    /** Sends SIGTERM to the group and to every descendant seen. */
    public void terminate() {
        signal(false);
    }

    /** Sends SIGKILL to the group and to every descendant seen. */
    public void kill() {
        signal(true);
    }

    /** Waits until the plugin and every descendant seen have exited; false on timeout. */
    public boolean awaitExit(long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        try {
            if (!process.waitFor(timeoutNanos, TimeUnit.NANOSECONDS)) {
                return false;
            }
            // Not our children: poll (a re-parented process may stay a zombie if init does not reap).
            while (true) {
                if (snapshot().isEmpty()) {
                    return true;
                }
                if (Durations.remainingNanos(deadline) == 0) {
                    return false;
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether a process runs: a zombie (exited, not yet reaped by its parent) does not. */
    public static boolean isRunning(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(handle.pid()), "stat"));
            int end = stat.lastIndexOf(')');
            char state = end > 0 && end + 2 < stat.length() ? stat.charAt(end + 2) : '?';
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return handle.isAlive();
        }
    }

    /** Remembers the current descendants so they can be signalled after being re-parented. */
    public synchronized Set<ProcessHandle> snapshot() {
        process.descendants().forEach(known::add);
        known.removeIf(h -> !isRunning(h));
        return Set.copyOf(known);
    }

    private void signal(boolean force) {
        Set<ProcessHandle> descendants = snapshot();
        boolean groupSignalled = ownGroup && signalGroup(force ? "KILL" : "TERM");
        // Through the handle: Process.destroy() would also close our ends of its pipes, and the
        // plugin would lose (Go: die of SIGPIPE on) whatever it still writes to stderr.
        ProcessHandle self = process.toHandle();
        if (!groupSignalled) {
            if (force) {
                self.destroyForcibly();
            } else {
                self.destroy();
            }
        }
        for (ProcessHandle h : descendants) {
            if (force) {
                h.destroyForcibly();
            } else {
                h.destroy();
            }
        }
    }

    /** True when {@code kill} reported success (the group existed). */
    private boolean signalGroup(String signal) {
        try {
            Process kill = OwnProcesses.start(new ProcessBuilder(KILL, "-s", signal, "--", "-" + process.pid())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD));
            if (!kill.waitFor(2, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                return false;
            }
            return kill.exitValue() == 0;
        } catch (IOException e) {
            log.warn("plugin '{}': cannot send SIG{} to process group {}: {}", pluginName, signal, process.pid(),
                    e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String findKill() {
        for (String candidate : new String[] {"/usr/bin/kill", "/bin/kill"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return null;
    }
}
