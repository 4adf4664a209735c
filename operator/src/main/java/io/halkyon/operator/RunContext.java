package io.halkyon.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.halkyon.operator.reconcile.OperatorSettings;
import io.halkyon.plugin.host.PluginStateChange;
import io.halkyon.plugin.host.PluginStateListener;
import java.io.PrintWriter;
import java.util.List;

/** What {@code run} hands to a {@link RunTarget}: its settings, output, plugins and stop signal. */
public interface RunContext {

    /** The operator's settings from {@code run}'s options; no leader election (the target is this JVM's). */
    OperatorSettings settings();

    /** The program's output (stdout); logs go to stderr. */
    PrintWriter out();

    /** Where the command's diagnostics go (stderr): a target whose stdout is data tells its story here. */
    PrintWriter err();

    /** Whether logs were lowered to WARN for this run, the target telling its story on stdout. */
    boolean logsLowered();

    /** One line per plugin reference that failed to fetch, then per plugin file: what it provides or why it failed. */
    List<String> describePlugins();

    /** Tells {@code listener} of every state change of a local plugin from now on. */
    void addStateListener(PluginStateListener listener);

    /**
     * Starts the remote plugin server when {@code run}'s options enable it, reviewing tokens and
     * access through {@code client}; its {@link RemoteServer#source()} is what to reconcile with.
     * The caller closes it.
     */
    RemoteServer startRemoteServer(KubernetesClient client);

    /** Blocks until the process is asked to stop (SIGTERM, Ctrl-C). */
    void awaitShutdown() throws InterruptedException;

    /** {@code RUNNING -> RESTARTING: <cause>}, as the logs show a state change. */
    static String describe(PluginStateChange change) {
        return LoadedPlugins.describe(change);
    }
}
