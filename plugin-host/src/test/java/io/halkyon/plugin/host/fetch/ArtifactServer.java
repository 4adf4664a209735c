package io.halkyon.plugin.host.fetch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A JDK HttpServer on loopback serving test artifacts, with scripted failures; counts requests. */
final class ArtifactServer implements AutoCloseable {

    /** What one request to a path gets. */
    interface Response {
        void send(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final Map<String, Deque<Response>> scripted = new ConcurrentHashMap<>();
    private final Map<String, Response> steady = new ConcurrentHashMap<>();
    private final List<String> requests = java.util.Collections.synchronizedList(new ArrayList<>());

    ArtifactServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code http://127.0.0.1:PORT} + path. */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Every request to {@code path} gets {@code body} (after any scripted responses). */
    ArtifactServer serve(String path, byte[] body) {
        steady.put(path, ok(body));
        return this;
    }

    /** The next request to {@code path} gets {@code response}; then the steady one. */
    ArtifactServer once(String path, Response response) {
        scripted.computeIfAbsent(path, p -> new ArrayDeque<>()).add(response);
        return this;
    }

    List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    static Response ok(byte[] body) {
        return exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        };
    }

    static Response status(int status) {
        return exchange -> {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        };
    }

    /** Announces the full length, sends only the first half, and closes the connection. */
    static Response truncated(byte[] body) {
        return exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            OutputStream out = exchange.getResponseBody();
            out.write(body, 0, body.length / 2);
            out.flush();
            // Throws "insufficient bytes written to stream"; letting it out of the handler makes the
            // server drop the connection, so the client sees the body end early.
            out.close();
        };
    }

    static Response redirect(String location) {
        return exchange -> {
            exchange.getResponseHeaders().add("Location", location);
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        };
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.add(path);
        Deque<Response> queue = scripted.get(path);
        Response next = queue == null ? null : queue.poll();
        if (next == null) {
            next = steady.getOrDefault(path, status(404));
        }
        next.send(exchange);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
