package io.halkyon.plugin.host.fetch.internal;

import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.host.fetch.PluginFetchConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * GETs over {@link HttpClient}, following redirects (GitHub release assets redirect). The
 * whole request, body included, is bounded by the request timeout.
 */
final class HttpTransfer {

    private static final String USER_AGENT = "halkyon-plugin-host";

    private final PluginFetchConfig config;
    private volatile HttpClient client;

    HttpTransfer(PluginFetchConfig config) {
        this.config = config;
    }

    /** Downloads {@code uri} into {@code target} (which exists, empty); returns its SHA-256. */
    String download(String reference, URI uri, Path target) {
        CompletableFuture<HttpResponse<String>> future = client().sendAsync(request(uri), info -> {
            if (info.statusCode() != 200) {
                return HttpResponse.BodySubscribers.replacing(null);
            }
            long length = info.headers().firstValueAsLong("content-length").orElse(-1);
            try {
                return new BodyToFile(new DigestingSink(reference, uri.toString(), target, length,
                        config.maxArtifactSize(), config.progressEvery()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        HttpResponse<String> response = await(reference, uri, future);
        checkStatus(reference, uri, response);
        return response.body();
    }

    /** The text at {@code uri}, or empty on 404. */
    Optional<String> text(String reference, URI uri) {
        CompletableFuture<HttpResponse<String>> future = client().sendAsync(request(uri), info ->
                info.statusCode() == 200 ? HttpResponse.BodySubscribers.ofString(java.nio.charset.StandardCharsets.UTF_8)
                        : HttpResponse.BodySubscribers.replacing(null));
        HttpResponse<String> response = await(reference, uri, future);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        checkStatus(reference, uri, response);
        return Optional.of(response.body());
    }

    private HttpRequest request(URI uri) {
        return HttpRequest.newBuilder(uri).GET().timeout(config.requestTimeout()).header("User-Agent", USER_AGENT)
                .build();
    }

    private HttpResponse<String> await(String reference, URI uri, CompletableFuture<HttpResponse<String>> future) {
        try {
            return future.get(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw FetchFailure.transientFailure(reference, "plugin reference '" + reference + "': GET " + uri
                    + " did not finish within " + config.requestTimeout(), e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw FetchFailure.permanent(reference, "plugin reference '" + reference + "': interrupted during GET "
                    + uri);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause() : e.getCause();
            if (cause instanceof PluginException pe) {
                throw pe;
            }
            throw FetchFailure.transientFailure(reference, "plugin reference '" + reference + "': GET " + uri
                    + " failed: " + describe(cause), cause);
        }
    }

    private static void checkStatus(String reference, URI uri, HttpResponse<?> response) {
        int status = response.statusCode();
        URI finalUri = response.uri();
        String where = "GET " + uri + (finalUri.equals(uri) ? "" : " (redirected to " + finalUri + ")");
        if (status == 200) {
            if ("http".equalsIgnoreCase(finalUri.getScheme()) && !loopback(finalUri.getHost())) {
                throw FetchFailure.permanent(reference, "plugin reference '" + reference + "': " + where
                        + " ended on plain http:// to a host that is not loopback; refused");
            }
            return;
        }
        boolean retryable = status >= 500 || status == 429 || status == 408;
        String message = "plugin reference '" + reference + "': " + where + " returned HTTP " + status
                + (status == 404 ? " (Not Found): check the owner, repository, tag and asset name" : "");
        throw new FetchFailure(reference, message, retryable, null);
    }

    private static boolean loopback(String host) {
        String h = host == null ? "" : host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
    }

    static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = HttpClient.newBuilder().connectTimeout(config.connectTimeout())
                            .followRedirects(HttpClient.Redirect.NORMAL).build();
                }
                c = client;
            }
        }
        return c;
    }
}
