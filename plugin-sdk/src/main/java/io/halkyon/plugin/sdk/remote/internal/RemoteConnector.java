package io.halkyon.plugin.sdk.remote.internal;

import io.grpc.ManagedChannel;
import io.grpc.ServerServiceDefinition;
import io.halkyon.plugin.api.PluginAccessException;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.sdk.remote.RemotePlugin.State;
import io.halkyon.plugin.sdk.remote.RemotePluginConfig;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a remote plugin: connect (token read, channel made, stream opened, {@code register}
 * sent), serve until the stream ends, wait ({@link Backoff}), connect again; until closed, when
 * the stream is drained. With a token file, a rotated token is moved to make-before-break: a
 * second stream (the candidate) opens with it and, once the operator accepted it, becomes the
 * current one while the first is drained. At most two streams at once: the current one and a
 * candidate, or the current one and the one being drained. Every change under one lock, so a late
 * event of an old stream changes nothing.
 */
public final class RemoteConnector {

    private static final Logger log = LoggerFactory.getLogger(RemoteConnector.class);

    private final RemotePluginConfig config;
    private final String name;
    private final Target target;
    private final TokenSource tokens;
    private final Duration acceptedAfter;
    private final CallServer server;
    private final ScheduledExecutorService scheduler;
    private final Backoff backoff;
    private final StreamSession.Shared shared;
    private final TokenWatch watch;
    private final StreamFailures failures;
    private final Object lock = new Object();
    private State state = State.CONNECTING;
    private PluginException lastFailure;
    private int connections;
    private StreamSession current;
    private StreamSession candidate;
    private StreamSession draining;

    /** @param acceptedAfter when a stream that carried no call counts as accepted by the operator */
    public RemoteConnector(RemotePluginConfig config, Target target, TokenSource tokens,
                           List<ServerServiceDefinition> services, Duration acceptedAfter) {
        this.config = config;
        this.name = config.name();
        this.target = target;
        this.tokens = tokens;
        this.acceptedAfter = acceptedAfter;
        this.server = CallServer.start(name, services, config.maxMessageSize());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(CallServer.threads("remote-plugin-" + name + "-"));
        this.backoff = new Backoff(config.initialBackoff(), config.maxBackoff(), () -> ThreadLocalRandom.current()
                .nextDouble());
        this.shared = new StreamSession.Shared(name, StreamSession.register(name, config.version(),
                config.serviceNames()), server, config.maxConcurrentCalls(), RemotePluginConfig.MAX_WAITING_CALLS,
                config.maxMessageSize(), scheduler, new SessionListener());
        this.watch = tokens.file().isPresent() ? new TokenWatch(name, tokens) : null;
        this.failures = new StreamFailures(name, target, tokens);
    }

    /** Starts connecting in the background, and watching the token file. */
    public void start() {
        if (!config.tls() && !target.isLocal()) {
            log.warn("remote plugin '{}': plaintext to {}: the bearer token crosses the network unencrypted unless a"
                    + " mesh encrypts it; configure tls(caFile) to reach the operator's TLS port", name, target);
        }
        log.info("remote plugin '{}' connecting to {} ({}, {}), serving {}", name, target,
                config.tls() ? "TLS" : "plaintext", tokens.describe(), config.serviceNames());
        scheduler.execute(this::connect);
        if (watch != null) {
            long every = config.tokenCheckInterval().toNanos();
            scheduler.scheduleWithFixedDelay(this::checkToken, every, every, TimeUnit.NANOSECONDS);
        }
    }

    private void connect() {
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            setState(State.CONNECTING);
        }
        try {
            open(tokens.read(name), false);
        } catch (PluginException e) {
            retryLater(null, e, 0);
        }
    }

    /** A rotated token in the file, with one registered stream and no other: open the candidate. */
    private void checkToken() {
        StreamSession now;
        synchronized (lock) {
            if (state != State.REGISTERED || candidate != null || draining != null) {
                return;
            }
            now = current;
        }
        try {
            String token = watch.changed(now.token());
            if (token == null) {
                return;
            }
            log.info("remote plugin '{}': the {} holds a new token: opening a second stream with it; connection {}"
                    + " serves until that one is accepted", name, tokens.describe(), now.connection());
            open(token, true);
        } catch (PluginException e) {
            log.warn("{}; connection {} goes on serving; trying again in {}", e.getMessage(), now.connection(),
                    StreamFailures.seconds(config.tokenCheckInterval()));
        } catch (RuntimeException e) {
            // Never let the periodic check die: the next one may work.
            log.error("remote plugin '{}': checking the {} failed: {}", name, tokens.describe(), e.toString(), e);
        }
    }

    /**
     * Opens a stream with {@code token}: the current one, or the candidate of a rotation (given up
     * when its current stream ended meanwhile: connecting again reads the new token anyway).
     *
     * @throws PluginException when its channel cannot be made (the CA file, a unix socket)
     */
    private void open(String token, boolean rotation) {
        ManagedChannel channel = OperatorChannels.open(name, target, config.tls(), config.caFile().orElse(null),
                config.serverName().orElse(null), config.keepAliveTime(), config.maxMessageSize());
        StreamSession session = null;
        synchronized (lock) {
            if (state != State.CLOSED && (!rotation || current != null && candidate == null)) {
                session = new StreamSession(shared, ++connections, channel, token);
                if (rotation) {
                    candidate = session;
                } else {
                    current = session;
                }
            }
        }
        if (session == null) {
            OperatorChannels.close(channel);
            return;
        }
        log.debug("remote plugin '{}': opening stream {} to {}", name, session.connection(), target);
        session.open();
        if (rotation) {
            StreamSession opened = session;
            scheduler.schedule(() -> promote(opened, "it stayed open " + StreamFailures.seconds(acceptedAfter)),
                    acceptedAfter.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** The candidate was accepted: it takes the calls, the stream it replaces is drained. */
    private void promote(StreamSession session, String why) {
        StreamSession old;
        synchronized (lock) {
            if (session != candidate || state == State.CLOSED) {
                return;
            }
            old = current;
            current = session;
            candidate = null;
            draining = old;
            backoff.reset();
        }
        log.info("remote plugin '{}': connection {} with the new token was accepted ({}); leaving connection {}", name,
                session.connection(), why, old.connection());
        old.drain(config.drainTimeout(), "its token was rotated");
    }

    /** After a failure: record it, wait, connect again. Ignored for a stream that is no longer the current one. */
    private void retryLater(StreamSession session, PluginException failure, int cancelled) {
        Duration wait;
        synchronized (lock) {
            if (state == State.CLOSED || session != current) {
                return;
            }
            current = null;
            lastFailure = failure;
            if (session != null && session.wasAccepted(acceptedAfter)) {
                backoff.reset();
            }
            wait = backoff.next();
            setState(State.BACKING_OFF);
            scheduler.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
        }
        log.warn("{}{}; {}", failure.getMessage(), StreamFailures.cancelled(cancelled), failures.waitText(failure, wait));
    }

    /** A stream ended: the current one (connect again, or go on with the candidate), the candidate, or a left one. */
    private void ended(StreamSession session, Throwable error, int cancelled) {
        PluginException failure = failures.of(error);
        String next;
        boolean retry = false;
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            if (session == draining) {
                draining = null;
                next = error == null ? null : "; it was being left";
            } else if (session == candidate) {
                candidate = null;
                lastFailure = failure;
                boolean refused = failure instanceof PluginAccessException;
                if (refused) {
                    watch.refused(session.token());
                }
                next = "; it was the second stream, opened with the new token: connection " + current.connection()
                        + " goes on serving with the previous one; trying again " + (refused
                        ? "when the token file changes" : "in " + StreamFailures.seconds(config.tokenCheckInterval()));
            } else if (session == current && candidate != null) {
                current = candidate;
                candidate = null;
                lastFailure = failure;
                setState(current.isRegistered() ? State.REGISTERED : State.CONNECTING);
                next = "; going on with connection " + current.connection() + ", opened with the new token";
            } else {
                retry = true;
                next = null;
            }
        }
        if (retry) {
            retryLater(session, failure, cancelled);
        } else if (next == null) {
            log.info("remote plugin '{}': connection {} left", name, session.connection());
        } else {
            log.warn("{}{}{}", failure.getMessage(), StreamFailures.cancelled(cancelled), next);
        }
    }

    private void setState(State next) {
        state = next;
        lock.notifyAll();
    }

    public State state() {
        synchronized (lock) {
            return state;
        }
    }

    public PluginException lastFailure() {
        synchronized (lock) {
            return lastFailure;
        }
    }

    public int connections() {
        synchronized (lock) {
            return connections;
        }
    }

    /** Waits until the state is {@code wanted}; false when it was not within {@code timeout}. */
    public boolean awaitState(State wanted, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (state != wanted) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    /**
     * Stops connecting and leaves every stream cleanly: {@code drain} sent, the calls in flight
     * answered within the drain timeout (then cancelled), half-closed. Returns once they ended.
     * Idempotent.
     */
    public void close() {
        List<StreamSession> sessions;
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            sessions = Stream.of(current, candidate, draining).filter(Objects::nonNull).toList();
            current = null;
            candidate = null;
            draining = null;
            setState(State.CLOSED);
        }
        sessions.forEach(s -> s.drain(config.drainTimeout(), "the plugin is closing"));
        // Each half-closes within the drain timeout and is ended a CLOSE_WAIT later; one more for the timers.
        long end = System.nanoTime() + config.drainTimeout().plus(StreamSession.CLOSE_WAIT.multipliedBy(2)).toNanos();
        try {
            for (StreamSession session : sessions) {
                if (!session.awaitEnd(Duration.ofNanos(Math.max(0, end - System.nanoTime())))) {
                    log.warn("remote plugin '{}': the operator did not end connection {} after its half-close; closing it",
                            name, session.connection());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sessions.forEach(StreamSession::abort);
        scheduler.shutdownNow();
        server.close();
        log.info("remote plugin '{}' closed after {} connections", name, connections());
    }

    private final class SessionListener implements StreamSession.Listener {
        @Override
        public void registered(StreamSession session) {
            synchronized (lock) {
                if (session != current || state != State.CONNECTING) {
                    return;
                }
                setState(State.REGISTERED);
            }
            log.info("remote plugin '{}' sent register to {} (connection {}), serving {}", name, target,
                    session.connection(), config.serviceNames());
        }

        @Override
        public void accepted(StreamSession session) {
            promote(session, "it carried a call");
        }

        @Override
        public void ended(StreamSession session, Throwable error, int cancelled) {
            RemoteConnector.this.ended(session, error, cancelled);
        }
    }
}
