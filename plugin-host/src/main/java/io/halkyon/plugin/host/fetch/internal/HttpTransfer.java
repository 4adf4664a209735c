package io.halkyon.plugin.host.fetch.internal;

import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.host.fetch.PluginFetchConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GETs over {@link HttpClient} from a source that may be hostile. Redirects are followed here,
 * not by the client, so each target is checked by {@link Destinations} before it is requested;
 * the body of a redirect or an error is never read. Wanted bodies go through a
 * {@link BoundedSink}, so no read is unbounded. Every request ends by the attempt's
 * {@link Deadline}: a server that stalls, drips or never ends its body is cut off there.
 * Requests go through the environment's proxy ({@link EnvironmentProxies}) and carry the bearer
 * token where it is for ({@link BearerToken}).
 */
final class HttpTransfer {

    /** Redirects followed for one GET (GitHub release assets take one). */
    static final int MAX_REDIRECTS = 5;

    private static final Logger log = LoggerFactory.getLogger(HttpTransfer.class);
    private static final String USER_AGENT = "halkyon-plugin-host";
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final PluginFetchConfig config;
    private final Destinations destinations;
    private final EnvironmentProxies proxies;
    private final BearerToken token;
    private HttpClient client; // made at the first request: a run served from the cache starts no client threads

    /** What a GET ended with: the status and body of the last response, and the URL it came from. */
    private record Answer<T>(int status, URI uri, T body) {
    }

    HttpTransfer(PluginFetchConfig config) {
        this.config = config;
        this.destinations = new Destinations();
        this.proxies = EnvironmentProxies.from(config.proxyEnvironment(), EnvironmentProxies.basicTunnelingAllowed(
                System.getProperty(EnvironmentProxies.TUNNELING_DISABLED_SCHEMES)));
        this.token = new BearerToken(config);
    }

    /** Downloads {@code uri} into {@code target} (which exists, empty); returns its SHA-256. */
    String download(String reference, URI uri, Path target, Deadline deadline) {
        Answer<String> answer = get(reference, uri, deadline, info -> new SinkSubscriber<>(() -> new DigestingSink(
                reference, uri.toString(), target, length(info), config.maxArtifactSize(), config.progressEvery())));
        checkStatus(reference, uri, answer);
        return answer.body();
    }

    /** The text at {@code uri} (at most PluginFetchConfig.maxTextSize), or empty on 404. */
    Optional<String> text(String reference, URI uri, Deadline deadline) {
        Answer<String> answer = get(reference, uri, deadline, info -> new SinkSubscriber<>(() -> new TextSink(
                reference, uri.toString(), length(info), config.maxTextSize())));
        if (answer.status() == 404) {
            return Optional.empty();
        }
        checkStatus(reference, uri, answer);
        return Optional.of(answer.body());
    }

    private <T> Answer<T> get(String reference, URI uri, Deadline deadline,
                              HttpResponse.BodyHandler<T> onOk) {
        URI current = uri;
        URI from = null;
        for (int redirects = 0; ; redirects++) {
            URI dial = destinations.dial(reference, current, from);
            EnvironmentProxies.Route route = proxies.route(dial);
            if (route.problem() != null) {
                throw FetchFailure.permanent(reference, "plugin reference '" + reference + "': GET " + current
                        + " refused: " + route.problem());
            }
            HttpRequest.Builder request = request(reference, current, dial, deadline);
            route.authorization().ifPresent(value -> request.header("Proxy-Authorization", value));
            token.header(reference, uri, current, dial).ifPresent(value -> request.header("Authorization", value));
            if (!route.direct()) {
                log.debug("plugin reference '{}': GET {} through the proxy {}", reference, current, route.shown());
            }
            HttpResponse.BodyHandler<T> handler = info -> info.statusCode() == 200 ? onOk.apply(info)
                    : SinkSubscriber.discarding();
            HttpResponse<T> response = await(reference, current, route, deadline,
                    client().sendAsync(request.build(), handler));
            if (!REDIRECTS.contains(response.statusCode())) {
                return new Answer<>(response.statusCode(), current, response.body());
            }
            Optional<String> header = response.headers().firstValue("location");
            if (header.isEmpty()) {
                throw FetchFailure.permanent(reference, "plugin reference '" + reference + "': " + where(uri, current)
                        + " answered HTTP " + response.statusCode() + " without a Location");
            }
            String location = header.get();
            if (redirects >= MAX_REDIRECTS) {
                throw FetchFailure.permanent(reference, "plugin reference '" + reference + "': " + where(uri, current)
                        + " redirected more than " + MAX_REDIRECTS + " times; the last pointed to "
                        + LogText.quote(location));
            }
            URI next = resolve(reference, current, location);
            log.info("plugin reference '{}': {} redirects to {}", reference, current, LogText.escape(next.toString()));
            from = current;
            current = next;
        }
    }

    private static URI resolve(String reference, URI current, String location) {
        try {
            return current.resolve(new URI(location));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw FetchFailure.permanent(reference, "plugin reference '" + reference + "': the redirect from " + current
                    + " to " + LogText.quote(location) + " refused: not a valid URL");
        }
    }

    private static HttpRequest.Builder request(String reference, URI uri, URI dial, Deadline deadline) {
        long nanos = deadline.remainingNanos();
        if (nanos == 0) {
            throw timedOut(reference, uri, deadline, null);
        }
        return HttpRequest.newBuilder(dial).GET().timeout(Duration.ofNanos(nanos)).header("User-Agent", USER_AGENT);
    }

    private static <T> HttpResponse<T> await(String reference, URI uri, EnvironmentProxies.Route route,
                                             Deadline deadline,
                                             CompletableFuture<HttpResponse<T>> future) {
        try {
            return future.get(deadline.remainingNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true); // aborts the exchange: the connection is closed
            throw timedOut(reference, uri, deadline, e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw FetchFailure.permanent(reference, "plugin reference '" + reference + "': interrupted during GET "
                    + uri);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while ((cause instanceof CompletionException || cause instanceof java.io.UncheckedIOException)
                    && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof PluginException pe) {
                throw pe;
            }
            if (cause instanceof HttpTimeoutException) {
                throw timedOut(reference, uri, deadline, cause);
            }
            throw FetchFailure.transientFailure(reference, "plugin reference '" + reference + "': GET " + uri
                    + (route.direct() ? "" : " through the proxy " + route.shown()) + " failed: " + describe(cause),
                    cause);
        }
    }

    private static FetchFailure timedOut(String reference, URI uri, Deadline deadline, Throwable cause) {
        return FetchFailure.transientFailure(reference, "plugin reference '" + reference + "': GET " + uri
                + " did not finish within " + deadline.what(), cause);
    }

    private static void checkStatus(String reference, URI uri, Answer<?> answer) {
        int status = answer.status();
        if (status == 200) {
            return;
        }
        boolean retryable = status >= 500 || status == 429 || status == 408;
        String message = "plugin reference '" + reference + "': " + where(uri, answer.uri()) + " returned HTTP " + status
                + (status == 404 ? " (Not Found): check the owner, repository, tag and asset name" : "");
        throw new FetchFailure(reference, message, retryable, null);
    }

    private static String where(URI uri, URI finalUri) {
        return "GET " + uri + (finalUri.equals(uri) ? "" : " (redirected to " + LogText.escape(finalUri.toString()) + ")");
    }

    /** The announced length, -1 when there is none or it is not a number. */
    private static long length(HttpResponse.ResponseInfo info) {
        try {
            return info.headers().firstValueAsLong("content-length").orElse(-1);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private synchronized HttpClient client() {
        if (client == null) {
            HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(config.connectTimeout())
                    .followRedirects(HttpClient.Redirect.NEVER).proxy(proxies);
            config.sslContext().ifPresent(builder::sslContext);
            client = builder.build();
        }
        return client;
    }

    /** An exception as one safe line: its type and message, control characters escaped. */
    static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + LogText.escape(message));
    }
}
