package io.halkyon.plugin.host.internal;

import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * The process side of a client: one the host launched ({@link LaunchedProcess}), or one it
 * attached to ({@link AttachedProcess}). The client's logic (states, channel, dispense, kill
 * order) is the same for both.
 */
public interface PluginProcess {

    /** The directory the host made for its unix socket ({@code PLUGIN_UNIX_SOCKET_DIR}), or null. */
    java.nio.file.Path socketDirectory();

    /** Its pid, when known (always for a launched one). */
    OptionalLong pid();

    /** Completes with the exit status; for an attached process with a pid, with -1 when it is gone. */
    CompletableFuture<Integer> onExit();

    /** The handshake: read from its stdout, or given when attaching. */
    Handshake awaitHandshake(long deadlineNanos);

    /** The last lines it wrote on stderr, oldest first (none when attached). */
    List<String> recentStderr();

    /** The same lines as one string for messages: {@code "\n  line..."} or {@code " (none)"}. */
    String describeRecentStderr();

    /** Waits a little for the rest of its stderr, so an error can quote its last words. */
    void awaitStderr(Duration timeout);

    /**
     * Stops it: Shutdown RPC on {@code channel} (skipped when null or {@code shutdownGrace} is
     * zero), then signals as far as this process side can. Bounded.
     */
    void stop(ManagedChannel channel, Duration shutdownGrace, Duration terminateGrace);

    /** After {@link #stop}: readers, temporary files and, once it is gone, the socket it left. */
    void release(Handshake handshake);
}
