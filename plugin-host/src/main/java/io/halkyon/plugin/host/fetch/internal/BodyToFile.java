package io.halkyon.plugin.host.fetch.internal;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** Streams an HTTP response body into a {@link DigestingSink}; the body is the SHA-256 (hex). */
final class BodyToFile implements HttpResponse.BodySubscriber<String> {

    private final DigestingSink sink;
    private final CompletableFuture<String> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    BodyToFile(DigestingSink sink) {
        this.sink = sink;
    }

    @Override
    public CompletionStage<String> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        try {
            for (ByteBuffer b : buffers) {
                sink.write(b);
            }
            subscription.request(1);
        } catch (IOException | RuntimeException e) {
            subscription.cancel();
            fail(e);
        }
    }

    @Override
    public void onError(Throwable error) {
        fail(error);
    }

    @Override
    public void onComplete() {
        if (result.isDone()) {
            return;
        }
        try {
            result.complete(sink.finish());
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    private void fail(Throwable error) {
        try {
            sink.close();
        } catch (IOException ignored) {
            // the temporary file is deleted by the caller
        }
        result.completeExceptionally(error);
    }
}
