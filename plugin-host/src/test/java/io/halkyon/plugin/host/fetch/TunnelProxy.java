package io.halkyon.plugin.host.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A forward proxy on loopback that answers only {@code CONNECT}: it records each request head and
 * tunnels every CONNECT, whatever host it names, to one loopback port (so a test can use a name
 * that does not resolve, as a real proxy would reach it).
 */
final class TunnelProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int targetPort;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
    private final List<String> heads = Collections.synchronizedList(new ArrayList<>());

    TunnelProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    /** {@code http://127.0.0.1:PORT}. */
    String url() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Each request head received (request line and headers, CRLF-separated). */
    List<String> heads() {
        synchronized (heads) {
            return List.copyOf(heads);
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                sockets.add(client);
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try {
            InputStream in = client.getInputStream();
            String head = readHead(in);
            heads.add(head);
            OutputStream out = client.getOutputStream();
            if (!head.startsWith("CONNECT ")) {
                out.write("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                client.close();
                return;
            }
            Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
            sockets.add(target);
            out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            threads.execute(() -> pump(target, client));
            pump(client, target);
        } catch (IOException e) {
            // a side hung up: the tunnel ends
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4 && head.size() < 64 * 1024) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1).trim();
    }

    private static void pump(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // closed
        } finally {
            try {
                to.shutdownOutput();
            } catch (IOException e) {
                // already closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        synchronized (sockets) {
            for (Socket s : sockets) {
                s.close();
            }
        }
        threads.shutdownNow();
    }
}
