package io.halkyon.plugin.host.fetch.internal;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Streams an HTTP response body into a {@link BoundedSink}, one buffer list at a time (nothing
 * is requested before the last was kept). A sink that cannot be opened, or that refuses bytes,
 * cancels the body: the connection is dropped, nothing more is read.
 */
final class SinkSubscriber<T> implements HttpResponse.BodySubscriber<T> {

    /** Opens the sink once the body starts; may refuse it (an announced length over the limit). */
    interface Opener<T> {
        BoundedSink<T> open() throws IOException;
    }

    private final Opener<T> opener;
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private BoundedSink<T> sink;
    private Flow.Subscription subscription;

    SinkSubscriber(Opener<T> opener) {
        this.opener = opener;
    }

    /** A body that is not wanted (an error status, a redirect): cancelled unread. */
    static <T> HttpResponse.BodySubscriber<T> discarding() {
        return new SinkSubscriber<>(() -> null);
    }

    @Override
    public CompletionStage<T> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        try {
            sink = opener.open();
        } catch (IOException | RuntimeException e) {
            subscription.cancel();
            result.completeExceptionally(e);
            return;
        }
        if (sink == null) {
            subscription.cancel();
            result.complete(null);
            return;
        }
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
        if (sink != null) {
            try {
                sink.close();
            } catch (IOException ignored) {
                // the file, if any, is deleted by the caller
            }
        }
        result.completeExceptionally(error);
    }
}
