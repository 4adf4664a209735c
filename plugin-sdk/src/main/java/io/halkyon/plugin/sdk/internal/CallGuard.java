package io.halkyon.plugin.sdk.internal;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one unary call and turns every failure into a gRPC status whose description is
 * the message, so the host never sees an empty answer for an error. Failures of plugin
 * code are logged with their stack trace.
 */
final class CallGuard {

    private static final Logger log = LoggerFactory.getLogger(CallGuard.class);

    private final String pluginName;

    CallGuard(String pluginName) {
        this.pluginName = pluginName;
    }

    <T> void unary(String method, StreamObserver<T> responses, Supplier<T> call) {
        T response;
        try {
            response = call.get();
        } catch (RuntimeException | Error e) {
            responses.onError(toStatus(method, e).asRuntimeException());
            return;
        }
        responses.onNext(response);
        responses.onCompleted();
    }

    Status toStatus(String method, Throwable e) {
        if (e instanceof StatusRuntimeException sre) {
            return sre.getStatus();
        }
        if (e instanceof InvalidArgumentException) {
            log.warn("plugin '{}' {}: {}", pluginName, method, e.getMessage());
            return Status.INVALID_ARGUMENT.withDescription(e.getMessage());
        }
        if (e instanceof NotFoundException) {
            log.warn("plugin '{}' {}: {}", pluginName, method, e.getMessage());
            return Status.NOT_FOUND.withDescription(e.getMessage());
        }
        log.error("plugin '{}' {} failed: {}", pluginName, method, describe(e), e);
        Status status = e instanceof IllegalArgumentException ? Status.INVALID_ARGUMENT : Status.INTERNAL;
        return status.withDescription(describe(e));
    }

    /** The exception's message; its class name when it has none, so the description is never empty. */
    static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getName() : message;
    }
}
