package io.halkyon.operator.observe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /healthz}, {@code /readyz} and {@code /metrics} on one address, served by the JDK's own
 * HTTP server on two daemon threads (a slow scrape never holds up a probe). GET and HEAD only.
 */
final class ObserveServer implements AutoCloseable {

    static final String TEXT = "text/plain; charset=utf-8";

    private static final Logger log = LoggerFactory.getLogger(ObserveServer.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final HttpServer server;
    private final ExecutorService executor;

    private ObserveServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** @throws IOException when the address cannot be bound (in use, not local...) */
    static ObserveServer start(InetSocketAddress address, Readiness readiness, PrometheusMeterRegistry registry)
            throws IOException {
        HttpServer server = HttpServer.create(address, 16);
        server.createContext("/", exchange -> {
            switch (exchange.getRequestURI().getPath()) {
                case "/healthz" -> answer(exchange, 200, TEXT, "ok\n");
                case "/readyz" -> {
                    List<String> problems = readiness.problems();
                    answer(exchange, problems.isEmpty() ? 200 : 503, TEXT,
                            problems.isEmpty() ? "ok\n" : String.join("\n", problems) + "\n");
                }
                case "/metrics" -> answer(exchange, 200, PrometheusTextFormatWriter.CONTENT_TYPE, registry.scrape());
                default -> answer(exchange, 404, TEXT, "not found: the paths are /healthz, /readyz and /metrics\n");
            }
        });
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "halkyon-metrics-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        return new ObserveServer(server, executor);
    }

    /** The address it listens on (the port chosen, when 0 was asked). */
    InetSocketAddress address() {
        return server.getAddress();
    }

    private static void answer(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            boolean head = "HEAD".equals(method);
            if (!head && !"GET".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("metrics server: answering {} {} failed: {}", exchange.getRequestMethod(),
                    exchange.getRequestURI(), e.toString());
            throw e;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
