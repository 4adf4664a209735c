package io.halkyon.plugin.host.internal;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Every process the plugin host starts goes through here, so that a process re-parented to the
 * host (adopted, when it is the child subreaper) can be told from one it started: a child of the
 * host not registered here was adopted. Starting and listing the host's children
 * exclude each other, so no child is seen before it is registered.
 *
 * <p>Plugins start on one thread that lives as long as the JVM: the kernel sends a
 * {@code --pdeathsig} signal when the thread that forked a process ends, not the process.
 */
public final class OwnProcesses {

    private static final Object LOCK = new Object();
    private static final Set<Long> OWN = ConcurrentHashMap.newKeySet();
    private static final ExecutorService LAUNCHER = Executors.newSingleThreadExecutor(
            r -> Threads.daemon("plugin-launcher", r));

    private OwnProcesses() {
    }

    /** Starts {@code builder} on the launcher thread and registers the process until it exits. */
    public static Process startPlugin(ProcessBuilder builder) throws IOException {
        Future<Process> started = LAUNCHER.submit(() -> start(builder));
        try {
            return started.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            started.cancel(false);
            throw new IOException("interrupted while starting " + builder.command().get(0), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(String.valueOf(e.getCause()), e.getCause());
        }
    }

    /** Starts a helper ({@code kill}) on the calling thread and registers it until it exits. */
    public static Process start(ProcessBuilder builder) throws IOException {
        synchronized (LOCK) {
            Process process = builder.start();
            long pid = process.pid();
            OWN.add(pid);
            process.onExit().thenRun(() -> OWN.remove(pid));
            return process;
        }
    }

    /** The host's children that it did not start: adopted orphans. */
    static Set<ProcessHandle> adopted() {
        synchronized (LOCK) {
            Set<ProcessHandle> adopted = new java.util.LinkedHashSet<>();
            ProcessHandle.current().children().filter(h -> !OWN.contains(h.pid())).forEach(adopted::add);
            return adopted;
        }
    }
}
