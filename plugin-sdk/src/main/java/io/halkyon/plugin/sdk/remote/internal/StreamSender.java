package io.halkyon.plugin.sdk.remote.internal;

import io.grpc.stub.ClientCallStreamObserver;
import io.halkyon.plugin.proto.pluginframework.v1.PluginStreamMessage;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only writer of one stream: its own thread takes messages in order from a queue and hands
 * each to the stream once the stream is ready for it (HTTP/2 flow control), so
 * {@code onNext}, which is not thread-safe, is never called by two threads, and a slow operator
 * holds answers here instead of in unbounded transport buffers. After {@link #stop()} nothing more
 * is written.
 */
final class StreamSender {

    private static final Logger log = LoggerFactory.getLogger(StreamSender.class);

    private static final Outgoing FINISH = new Outgoing(null, null);
    private static final Outgoing STOP = new Outgoing(null, null);

    private record Outgoing(PluginStreamMessage message, Runnable afterSend) {
    }

    private final String pluginName;
    private final BlockingQueue<Outgoing> queue = new LinkedBlockingQueue<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readyOrStopped = lock.newCondition();
    private final Thread thread;
    private volatile boolean stopped;
    private volatile ClientCallStreamObserver<PluginStreamMessage> stream;

    StreamSender(String pluginName, int connection) {
        this.pluginName = pluginName;
        this.thread = new Thread(this::run, "remote-plugin-" + pluginName + "-send-" + connection);
        thread.setDaemon(true);
    }

    /** Binds the stream, before it starts (from {@code beforeStart}). */
    void attach(ClientCallStreamObserver<PluginStreamMessage> stream) {
        this.stream = stream;
        stream.setOnReadyHandler(this::wake);
    }

    void start() {
        thread.start();
    }

    /** Queues {@code message}; {@code afterSend} (may be null) runs on the sender once it is written. */
    void send(PluginStreamMessage message, Runnable afterSend) {
        if (!stopped) {
            queue.add(new Outgoing(message, afterSend));
        }
    }

    /** Half-closes the stream after what is queued. */
    void finish() {
        queue.add(FINISH);
    }

    /** Writes nothing more; what is queued is dropped. Idempotent. */
    void stop() {
        stopped = true;
        queue.add(STOP);
        wake();
    }

    private void wake() {
        lock.lock();
        try {
            readyOrStopped.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        try {
            while (!stopped) {
                Outgoing next = queue.take();
                if (next == STOP || !awaitReady()) {
                    return;
                }
                if (next == FINISH) {
                    stream.onCompleted();
                    return;
                }
                stream.onNext(next.message());
                if (next.afterSend() != null) {
                    afterSend(next.afterSend());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // The stream was cancelled under us: the session's end handling takes it from here.
            log.debug("remote plugin '{}': stream sender stopped: {}", pluginName, e.toString());
        } finally {
            stopped = true;
            queue.clear();
        }
    }

    private void afterSend(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            log.error("remote plugin '{}': failed after sending a message: {}", pluginName, e.toString(), e);
        }
    }

    /** False when stopped while waiting. */
    private boolean awaitReady() throws InterruptedException {
        lock.lock();
        try {
            while (!stopped && !stream.isReady()) {
                readyOrStopped.await();
            }
            return !stopped;
        } finally {
            lock.unlock();
        }
    }
}
