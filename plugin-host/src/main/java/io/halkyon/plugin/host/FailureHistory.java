package io.halkyon.plugin.host;

import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.host.internal.Durations;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One supervised plugin's failures, and what each calls for under its {@link RestartPolicy}: a
 * restart after a backoff, or giving up (restarts disabled, crash loop). Not thread-safe: its
 * supervisor's lock guards it.
 */
final class FailureHistory {

    /** What to do after a failure. */
    sealed interface Decision permits Restart, GiveUp {
    }

    /** Restart after {@code delay}; {@code inARow} failures without a long enough run between them. */
    record Restart(Duration delay, int inARow) implements Decision {
    }

    /** Stay FAILED with {@code cause}. */
    record GiveUp(PluginException cause) implements Decision {
    }

    private final String name;
    private final RestartPolicy policy;
    private final ArrayDeque<Long> failures = new ArrayDeque<>();
    private int inARow;

    FailureHistory(String name, RestartPolicy policy) {
        this.name = name;
        this.policy = policy;
    }

    /**
     * @param now          {@link System#nanoTime()} of the failure
     * @param ranForNanos  how long the process had been RUNNING, or -1 when it never got there
     * @param cause        the failure
     */
    Decision failed(long now, long ranForNanos, Throwable cause) {
        failures.addLast(now);
        while (now - failures.peekFirst() > policy.crashLoopWindow().toNanos()) {
            failures.removeFirst();
        }
        if (!policy.enabled()) {
            return new GiveUp(new PluginException(name, "plugin '" + name + "' failed and restarts are disabled: "
                    + Supervisor.summary(cause), cause));
        }
        if (failures.size() >= policy.crashLoopCount()) {
            return new GiveUp(new PluginException(name, "plugin '" + name + "' is in a crash loop: " + failures.size()
                    + " failures within " + Durations.format(policy.crashLoopWindow())
                    + "; left FAILED until its file changes; last failure: " + Supervisor.summary(cause), cause));
        }
        if (ranForNanos >= policy.resetAfter().toNanos()) {
            inARow = 0;
        }
        inARow++;
        return new Restart(policy.delay(inARow, ThreadLocalRandom.current().nextDouble()), inARow);
    }
}
