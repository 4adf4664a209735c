package io.halkyon.plugin.host.internal;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.api.PluginHandshakeException;
import io.halkyon.plugin.api.PluginProtocol;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The host's ping: {@code grpc.health.v1.Health/Check} for service {@code plugin} must be SERVING. */
public final class HealthCheck {

    private static final HealthCheckRequest REQUEST = HealthCheckRequest.newBuilder()
            .setService(PluginProtocol.HEALTH_SERVICE).build();

    private HealthCheck() {
    }

    /**
     * The check at start. A plugin that printed an address where nothing answers (no such
     * socket, connection refused) fails with a {@link PluginHandshakeException} saying so.
     *
     * @param deadline     a {@link System#nanoTime()} value
     * @param startTimeout reported when the deadline passes
     */
    public static void check(String name, ManagedChannel channel, Handshake handshake, long deadline,
                             Duration startTimeout) {
        HealthCheckResponse response;
        try {
            response = HealthGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(Math.max(1, Durations.remainingNanos(deadline)), TimeUnit.NANOSECONDS)
                    .check(REQUEST);
        } catch (StatusRuntimeException e) {
            String tls = e.getStatus().getCode() == Status.Code.UNAVAILABLE ? tlsFailure(e) : null;
            if (tls != null) {
                throw new PluginHandshakeException(name, "plugin '" + name + "': the TLS handshake (AutoMTLS) at "
                        + handshake.network() + " " + handshake.address() + " failed: " + tls, e);
            }
            if (e.getStatus().getCode() == Status.Code.UNAVAILABLE) {
                throw new PluginHandshakeException(name, "plugin '" + name + "' printed a handshake for "
                        + handshake.network() + " " + handshake.address() + " but nothing answers there: "
                        + describe(e), e);
            }
            throw CallErrors.translate(name, "health check of service '" + PluginProtocol.HEALTH_SERVICE + "' at "
                    + handshake.network() + " " + handshake.address(), startTimeout, 0, e);
        }
        if (response.getStatus() != HealthCheckResponse.ServingStatus.SERVING) {
            throw notServing(name, response.getStatus());
        }
    }

    /** A check while running: completes normally when SERVING, else with a {@link PluginException}. */
    public static CompletableFuture<Void> checkAsync(String name, ManagedChannel channel, Duration timeout) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        HealthGrpc.newStub(channel).withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS)
                .check(REQUEST, new StreamObserver<>() {
                    private HealthCheckResponse.ServingStatus status;

                    @Override
                    public void onNext(HealthCheckResponse response) {
                        status = response.getStatus();
                    }

                    @Override
                    public void onError(Throwable t) {
                        result.completeExceptionally(t instanceof StatusRuntimeException e
                                ? CallErrors.translate(name, "health check", timeout, 0, e)
                                : new PluginException(name, "plugin '" + name + "': health check failed: " + t, t));
                    }

                    @Override
                    public void onCompleted() {
                        if (status == HealthCheckResponse.ServingStatus.SERVING) {
                            result.complete(null);
                        } else {
                            result.completeExceptionally(notServing(name, status));
                        }
                    }
                });
        return result;
    }

    private static PluginException notServing(String name, HealthCheckResponse.ServingStatus status) {
        return new PluginException(name, "plugin '" + name + "': health service '" + PluginProtocol.HEALTH_SERVICE
                + "' answered " + status + ", expected SERVING");
    }

    /** The first line of the deepest TLS exception in the chain, or null when TLS is not the cause. */
    private static String tlsFailure(StatusRuntimeException e) {
        String found = null;
        for (Throwable t = e.getCause(); t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException || t instanceof java.security.cert.CertificateException) {
                String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
                int newline = message.indexOf('\n');
                found = newline < 0 ? message : message.substring(0, newline);
            }
        }
        return found;
    }

    /** The status description and its root cause (netty puts the useful part, the errno, there). */
    private static String describe(StatusRuntimeException e) {
        StringBuilder sb = new StringBuilder(e.getStatus().getDescription() == null ? e.getStatus().getCode().toString()
                : e.getStatus().getDescription());
        Throwable root = e.getCause();
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != null && root.getMessage() != null) {
            sb.append(" (").append(root.getMessage()).append(')');
        }
        return sb.toString();
    }
}
