package io.halkyon.plugin.host.internal;

import io.halkyon.plugin.host.fetch.internal.LogText;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For a host that is the child subreaper of its plugins: every {@link #INTERVAL_MS} ms, kills
 * and reaps each process re-parented to the host (a plugin's descendant that double-forked or
 * called {@code setsid()} to leave its tree: the host started no such process), and records the
 * plugins' processes (see {@link ProcessRecord}).
 */
public final class OrphanWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OrphanWatch.class);
    static final long INTERVAL_MS = 250;

    private final ProcessRecord record;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            r -> Threads.daemon("plugin-orphan-watch", r));
    private final Set<Long> reported = new LinkedHashSet<>();

    /** @param record where the plugins' processes are written, or null for none */
    public OrphanWatch(ProcessRecord record) {
        this.record = record;
    }

    public OrphanWatch start() {
        timer.scheduleWithFixedDelay(this::scan, 0, INTERVAL_MS, TimeUnit.MILLISECONDS);
        return this;
    }

    /** One pass: adopted processes killed and reaped, the record rewritten when it changed. */
    public synchronized void scan() {
        try {
            for (ProcessHandle adopted : OwnProcesses.adopted()) {
                if (ProcessTree.isRunning(adopted)) {
                    if (reported.add(adopted.pid())) {
                        log.warn("process containment: process {} ({}) left its plugin's process tree and was"
                                + " adopted by the host: killed", adopted.pid(), describe(adopted));
                    }
                    adopted.destroyForcibly();
                }
                if (LinuxCalls.reap(adopted.pid())) {
                    reported.remove(adopted.pid());
                }
            }
            if (record != null) {
                Set<ProcessHandle> processes = new LinkedHashSet<>();
                Set<java.nio.file.Path> socketDirectories = new LinkedHashSet<>();
                for (ProcessTree tree : ProcessTree.live()) {
                    processes.add(tree.process().toHandle());
                    processes.addAll(tree.snapshot());
                    if (tree.socketParent() != null) {
                        socketDirectories.add(tree.socketParent());
                    }
                }
                record.write(processes, socketDirectories);
            }
        } catch (RuntimeException e) {
            log.warn("process containment: scan failed: {}", e.toString());
        }
    }

    private static String describe(ProcessHandle process) {
        return LogText.escape(process.info().command().orElse("?")); // a plugin chose it: no forged log lines
    }

    /** Stops scanning after a last pass; the record is removed when no plugin process is left. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS); // a pass in progress ends before the last one
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scan();
        if (record != null && ProcessTree.live().isEmpty()) {
            record.delete();
        }
    }
}
