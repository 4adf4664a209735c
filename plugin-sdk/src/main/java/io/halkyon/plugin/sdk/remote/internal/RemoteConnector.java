package io.halkyon.plugin.sdk.remote.internal;

import io.grpc.ManagedChannel;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.halkyon.plugin.api.PluginAccessException;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.api.PluginUnavailableException;
import io.halkyon.plugin.sdk.remote.RemotePlugin.State;
import io.halkyon.plugin.sdk.remote.RemotePluginConfig;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a remote plugin: connect (token read, channel made, stream opened, {@code register}
 * sent), serve until the stream ends, wait ({@link Backoff}), connect again; until closed. One
 * stream at a time; every state change under one lock, so a late event of an old stream changes
 * nothing.
 */
public final class RemoteConnector {

    private static final Logger log = LoggerFactory.getLogger(RemoteConnector.class);

    private final RemotePluginConfig config;
    private final String name;
    private final Target target;
    private final TokenSource tokens;
    private final CallServer server;
    private final ScheduledExecutorService scheduler;
    private final Backoff backoff;
    private final StreamSession.Listener listener = new SessionListener();
    private final Object lock = new Object();
    private State state = State.CONNECTING;
    private PluginException lastFailure;
    private int connections;
    private StreamSession current;

    public RemoteConnector(RemotePluginConfig config, Target target, TokenSource tokens,
                           List<ServerServiceDefinition> services) {
        this.config = config;
        this.name = config.name();
        this.target = target;
        this.tokens = tokens;
        this.server = CallServer.start(name, services, config.maxMessageSize());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(CallServer.threads("remote-plugin-" + name + "-"));
        this.backoff = new Backoff(config.initialBackoff(), config.maxBackoff(), () -> ThreadLocalRandom.current()
                .nextDouble());
    }

    /** Starts connecting in the background. */
    public void start() {
        if (!config.tls() && !target.isLocal()) {
            log.warn("remote plugin '{}': plaintext to {}: the bearer token crosses the network unencrypted unless a"
                    + " mesh encrypts it; configure tls(caFile) to reach the operator's TLS port", name, target);
        }
        log.info("remote plugin '{}' connecting to {} ({}, {}), serving {}", name, target,
                config.tls() ? "TLS" : "plaintext", tokens.describe(), config.serviceNames());
        scheduler.execute(this::connect);
    }

    private void connect() {
        int connection;
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            setState(State.CONNECTING);
            connection = connections + 1;
        }
        StreamSession session;
        try {
            String token = tokens.read(name);
            ManagedChannel channel = OperatorChannels.open(name, target, config.tls(), config.caFile().orElse(null),
                    config.serverName().orElse(null), config.keepAliveTime(), config.maxMessageSize());
            session = new StreamSession(name, connection, channel, token,
                    StreamSession.register(name, config.version(), config.serviceNames()), server,
                    config.maxConcurrentCalls(), RemotePluginConfig.MAX_WAITING_CALLS, config.maxMessageSize(), listener);
        } catch (PluginException e) {
            retryLater(null, e, 0);
            return;
        }
        synchronized (lock) {
            if (state == State.CLOSED) {
                session.close();
                return;
            }
            current = session;
            connections = connection;
        }
        log.debug("remote plugin '{}': opening stream {} to {}", name, connection, target);
        session.open();
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
            if (session != null && session.wasAccepted(Duration.ofSeconds(RemotePluginConfig.STABLE_SECONDS))) {
                backoff.reset();
            }
            wait = backoff.next();
            setState(State.BACKING_OFF);
            scheduler.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
        }
        log.warn("{}{}; {}", failure.getMessage(), cancelled == 0 ? "" : "; " + cancelled + " calls in flight cancelled",
                waitText(failure, wait));
    }

    private String waitText(PluginException failure, Duration wait) {
        String in = String.format(Locale.ROOT, "%.1f s", wait.toMillis() / 1000.0);
        if (failure instanceof PluginAccessException access) {
            return access.reason() == PluginAccessException.Reason.UNAUTHENTICATED
                    ? "connecting again in " + in + " with the token read again (" + tokens.describe() + ")"
                    : "trying again in " + in + ": an admin may grant it meanwhile (verb register on resource plugins"
                            + " of group halkyon.io, name '" + name + "', docs/protocol.md 14.5)";
        }
        return "connecting again in " + in;
    }

    private PluginException failure(Throwable error) {
        String prefix = "remote plugin '" + name + "': ";
        if (error == null) {
            return new PluginUnavailableException(name, prefix + "the operator at " + target + " ended the stream", null);
        }
        Status status = Status.fromThrowable(error);
        String what = status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription())
                + (status.getCause() == null ? "" : " (" + status.getCause() + ")");
        return switch (status.getCode()) {
            case UNAUTHENTICATED -> new PluginAccessException(name, PluginAccessException.Reason.UNAUTHENTICATED,
                    prefix + "the operator at " + target + " refused the token (" + tokens.describe() + "): " + what);
            case PERMISSION_DENIED -> new PluginAccessException(name, PluginAccessException.Reason.PERMISSION_DENIED,
                    prefix + "the operator at " + target + " refused to let this identity register '" + name + "': "
                            + what);
            default -> new PluginUnavailableException(name, prefix + "the stream to the operator at " + target
                    + " ended: " + what, error);
        };
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

    /** Ends the stream (calls in flight cancelled) and stops connecting. Idempotent. */
    public void close() {
        StreamSession session;
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            session = current;
            current = null;
            setState(State.CLOSED);
        }
        scheduler.shutdownNow();
        if (session != null) {
            session.close();
        }
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
        public void ended(StreamSession session, Throwable error, int cancelled) {
            retryLater(session, failure(error), cancelled);
        }
    }
}
