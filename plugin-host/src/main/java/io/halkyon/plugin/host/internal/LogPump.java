package io.halkyon.plugin.host.internal;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what plugins print to the host's log on one daemon thread, {@code plugin-log}, so that
 * reading their output ({@link OutputPump}) never waits on a slow log appender. Each stream has
 * its own bounded {@link Queue}: when it is full, the line is refused (the caller counts it as
 * dropped) and the other streams' queues are not affected. The thread takes the queues that
 * have work in turn, at most {@value #TURN} entries at a time, so one flooding plugin cannot
 * hold back another's lines; the entries of one queue run in order.
 */
public final class LogPump {

    static final int TURN = 64;
    private static final Logger log = LoggerFactory.getLogger(LogPump.class);
    private static final LogPump SHARED = new LogPump("plugin-log");

    private final ConcurrentLinkedQueue<Queue> ready = new ConcurrentLinkedQueue<>();
    private final Thread thread;

    private LogPump(String threadName) {
        this.thread = Threads.daemon(threadName, this::run);
        this.thread.start();
    }

    /** The host's log pump. */
    public static LogPump shared() {
        return SHARED;
    }

    /** A new queue of at most {@code capacity} entries. */
    public Queue queue(String pluginName, int capacity) {
        return new Queue(pluginName, capacity);
    }

    private void run() {
        while (true) {
            Queue queue = ready.poll();
            if (queue == null) {
                LockSupport.park(this);
            } else {
                queue.runSome();
            }
        }
    }

    /** One stream's entries (each writes one log line, or a summary), run in order on the pump's thread. */
    public final class Queue {
        private final String pluginName;
        private final int capacity;
        private final ArrayDeque<Runnable> entries = new ArrayDeque<>();
        /** Guarded by entries: whether this queue is in {@link #ready} or being run. */
        private boolean scheduled;

        private Queue(String pluginName, int capacity) {
            this.pluginName = pluginName;
            this.capacity = capacity;
        }

        /** Adds an entry; false, and nothing added, when the queue is full. */
        public boolean offer(Runnable entry) {
            return add(entry, false);
        }

        /** Adds an entry even when the queue is full: for the one last entry of a stream. */
        public void offerLast(Runnable entry) {
            add(entry, true);
        }

        private boolean add(Runnable entry, boolean always) {
            boolean schedule;
            synchronized (entries) {
                if (!always && entries.size() >= capacity) {
                    return false;
                }
                entries.addLast(entry);
                schedule = !scheduled;
                scheduled = true;
            }
            if (schedule) {
                ready.add(this);
                LockSupport.unpark(thread);
            }
            return true;
        }

        private void runSome() {
            for (int i = 0; i < TURN; i++) {
                Runnable entry;
                synchronized (entries) {
                    entry = entries.pollFirst();
                    if (entry == null) {
                        scheduled = false;
                        return;
                    }
                }
                try {
                    entry.run();
                } catch (RuntimeException e) {
                    log.warn("plugin '{}': a line of its output could not be logged: {}", pluginName, e.toString());
                }
            }
            ready.add(this); // more to do: after the other queues' turn
        }
    }
}
