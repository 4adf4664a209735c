package io.halkyon.plugin.host.internal;

import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.api.PluginHandshakeException;
import io.halkyon.plugin.api.PluginTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Waits for a plugin's handshake line, or for whichever comes first of: an invalid line, the
 * process's exit, the start deadline. Every failure says what the plugin printed (stray stdout
 * lines, last stderr lines) and, when it exited, its exit status.
 */
public final class HandshakeWait {

    /** Its last words may still be in the pipe, behind a reader thread starved on a busy host. */
    private static final long STDERR_EOF_WAIT_SECONDS = 3;

    private final String name;
    private final Duration startTimeout;
    private final StdoutReader stdout;
    private final StderrForwarder stderr;
    private final RecentLines recentStderr;
    private final CompletableFuture<Integer> exit;

    public HandshakeWait(String name, Duration startTimeout, StdoutReader stdout, StderrForwarder stderr,
                         RecentLines recentStderr, CompletableFuture<Integer> exit) {
        this.name = name;
        this.startTimeout = startTimeout;
        this.stdout = stdout;
        this.stderr = stderr;
        this.recentStderr = recentStderr;
        this.exit = exit;
    }

    /** @param deadline a {@link System#nanoTime()} value */
    public Handshake await(long deadline) {
        CompletableFuture<Handshake> line = stdout.handshake();
        try {
            CompletableFuture.anyOf(line, exit).get(Durations.remainingNanos(deadline), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new PluginTimeoutException(name, "plugin '" + name + "' did not print its handshake line within "
                    + Durations.format(startTimeout) + "; " + describeStrays() + "; last stderr lines:"
                    + recentStderr.describe(), startTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException(name, "plugin '" + name + "': interrupted while waiting for the handshake", e);
        } catch (ExecutionException e) {
            // one of them failed: examined below
        }
        if (line.isDone() && !line.isCompletedExceptionally()) {
            return line.join();
        }
        if (line.isCompletedExceptionally() && unwrap(line) instanceof PluginException invalid) {
            throw invalid;
        }
        throw exitedFirst(deadline);
    }

    private PluginHandshakeException exitedFirst(long deadline) {
        Integer status = null;
        try {
            status = exit.get(Math.min(Durations.remainingNanos(deadline), TimeUnit.SECONDS.toNanos(2)),
                    TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // still running, with its stdout closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stderr.awaitEof(STDERR_EOF_WAIT_SECONDS, TimeUnit.SECONDS);
        String what = status == null ? "closed its stdout" : "exited with status " + status;
        return new PluginHandshakeException(name, "plugin '" + name + "' " + what + " before printing its handshake line; "
                + describeStrays() + "; last stderr lines:" + recentStderr.describe());
    }

    private String describeStrays() {
        List<String> strays = stdout.strayLines();
        return strays.isEmpty() ? "it printed nothing else on stdout"
                : "stray stdout lines: " + strays.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(", "));
    }

    private static Throwable unwrap(CompletableFuture<?> future) {
        try {
            future.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause();
        } catch (CancellationException e) {
            return e;
        }
    }
}
