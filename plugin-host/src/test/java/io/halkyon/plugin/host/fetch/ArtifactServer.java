package io.halkyon.plugin.host.fetch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A JDK HttpServer on loopback serving test artifacts, with scripted failures and hostile
 * answers (endless bodies, stalls, drips, redirects that carry a body); counts requests and
 * how many bodies the client hung up on, and the credentials headers each request carried. Each
 * request has its own thread, so a stalled answer holds only its own. Plain HTTP on a loopback
 * address, or HTTPS on 127.0.0.1.
 */
final class ArtifactServer implements AutoCloseable {

    /** What one request to a path gets. */
    interface Response {
        void send(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final Map<String, Deque<Response>> scripted = new ConcurrentHashMap<>();
    private final Map<String, Response> steady = new ConcurrentHashMap<>();
    private final List<String> requests = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<String> credentials = java.util.Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicInteger hungUp = new AtomicInteger();

    ArtifactServer() throws IOException {
        this(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    }

    /** Plain HTTP on {@code address} (a loopback address, e.g. 127.0.0.2: another host than 127.0.0.1). */
    ArtifactServer(InetAddress address) throws IOException {
        this(HttpServer.create(new InetSocketAddress(address, 0), 0));
    }

    /** HTTPS on 127.0.0.1 with {@code tls}. */
    ArtifactServer(SSLContext tls) throws IOException {
        this(https(tls));
    }

    private static HttpServer https(SSLContext tls) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return server;
    }

    private ArtifactServer(HttpServer server) {
        this.server = server;
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code http://ADDRESS:PORT} + path. */
    String url(String path) {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort()
                + path;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Every request to {@code path} gets {@code body} (after any scripted responses). */
    ArtifactServer serve(String path, byte[] body) {
        return serve(path, ok(body));
    }

    /** Every request to {@code path} gets {@code response} (after any scripted responses). */
    ArtifactServer serve(String path, Response response) {
        steady.put(path, response);
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

    /** For each request: {@code path Authorization=... Proxy-Authorization=...} ({@code -} when absent). */
    List<String> credentials() {
        synchronized (credentials) {
            return List.copyOf(credentials);
        }
    }

    /** How many endless or dripping bodies ended because the client closed the connection. */
    int hungUp() {
        return hungUp.get();
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

    /** {@code status} (with {@code location}, when not null) and a body that never ends. */
    Response endless(int status, String location) {
        return exchange -> {
            if (location != null) {
                exchange.getResponseHeaders().add("Location", location);
            }
            exchange.sendResponseHeaders(status, 0); // chunked
            byte[] chunk = "0123456789abcdef  junk.txt\n".repeat(1000).getBytes();
            try (OutputStream out = exchange.getResponseBody()) {
                while (closed.getCount() > 0) {
                    out.write(chunk);
                }
            } catch (IOException e) {
                hungUp.incrementAndGet();
            }
        };
    }

    /** 200, announcing {@code length} bytes, then one byte every {@code everyMillis} until the client hangs up. */
    Response drip(long length, long everyMillis) {
        return exchange -> {
            exchange.sendResponseHeaders(200, length);
            try (OutputStream out = exchange.getResponseBody()) {
                while (!closed.await(everyMillis, TimeUnit.MILLISECONDS)) {
                    out.write('x');
                    out.flush();
                }
            } catch (IOException e) {
                hungUp.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /** Answers nothing at all (not even headers) until the server is closed. */
    Response stall() {
        return exchange -> {
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        };
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.add(path);
        credentials.add(path + " Authorization=" + header(exchange, "Authorization") + " Proxy-Authorization="
                + header(exchange, "Proxy-Authorization"));
        Deque<Response> queue = scripted.get(path);
        Response next = queue == null ? null : queue.poll();
        if (next == null) {
            next = steady.getOrDefault(path, status(404));
        }
        next.send(exchange);
    }

    private static String header(HttpExchange exchange, String name) {
        String value = exchange.getRequestHeaders().getFirst(name);
        return value == null ? "-" : value;
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }
}
