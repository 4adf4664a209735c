package io.halkyon.plugin.sdk.remote.internal;

import io.halkyon.plugin.sdk.internal.Signals;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A remote plugin as a program: runs until SIGTERM (the kubelet stopping its pod) or SIGINT
 * (Ctrl-C), then closes it and exits with 0. Any other JVM exit closes it too (a shutdown hook).
 */
public final class RemoteServe {

    private static final Logger log = LoggerFactory.getLogger(RemoteServe.class);

    private RemoteServe() {
    }

    /** Never returns. */
    public static void untilStopped(String pluginName, Runnable close) {
        Runtime.getRuntime().addShutdownHook(new Thread(close, "remote-plugin-shutdown-hook"));
        for (String signal : new String[] {"TERM", "INT"}) {
            boolean handled = Signals.handle(signal, () -> new Thread(() -> {
                log.info("remote plugin '{}' stopping: SIG{}", pluginName, signal);
                close.run();
                System.exit(0);
            }, "remote-plugin-stop").start());
            if (!handled) {
                log.debug("remote plugin '{}': no SIG{} handler, relying on the shutdown hook", pluginName, signal);
            }
        }
        CountDownLatch never = new CountDownLatch(1);
        while (true) {
            try {
                never.await();
            } catch (InterruptedException e) {
                // Keep waiting: only a signal or System.exit ends the program.
            }
        }
    }
}
