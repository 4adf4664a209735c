package io.halkyon.plugin.host.testplugin;

import io.halkyon.plugin.api.TypeInfo;
import io.halkyon.plugin.sdk.PluginServer;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The helper process of the integration tests: {@code main(scenario, args...)} behaves as the
 * scenario says. SDK-based scenarios serve a {@link TestResource}; raw ones print their
 * handshake (or garbage) themselves.
 */
public final class ScenarioPlugin {

    /** The real stderr (fd 2), bypassing whatever the SDK does with System.err. */
    static final PrintStream RAW_ERR = new PrintStream(new FileOutputStream(FileDescriptor.err), true,
            StandardCharsets.UTF_8);
    static final int FLOOD_LINES = 20_000;
    static final int LONG_LINE_BYTES = 1024 * 1024;

    private ScenarioPlugin() {
    }

    public static void main(String[] args) throws Exception {
        String scenario = args[0];
        AtomicLong counter = new AtomicLong();
        switch (scenario) {
            case "good" -> serve("good", counter);
            case "env" -> {
                StringBuilder line = new StringBuilder("[INFO] env");
                for (int i = 1; i < args.length; i++) {
                    String value = System.getenv(args[i]);
                    line.append(' ').append(args[i]).append('=').append(value == null ? "<unset>" : value);
                }
                RAW_ERR.println(line);
                serve("env", counter);
            }
            case "java-options" -> {
                RAW_ERR.println("[INFO] java options " + java.lang.management.ManagementFactory.getRuntimeMXBean()
                        .getInputArguments());
                serve("java-options", counter);
            }
            case "other" -> PluginServer.serve(new TestResource("other",
                    List.of(TypeInfo.of("WIDGET"), TypeInfo.of("gadget", "3")), counter::get));
            case "garbage" -> {
                System.out.write(new byte[] {0, (byte) 0xff, (byte) 0xfe, '#', '!', '\n'});
                System.out.flush();
                serve("garbage", counter);
            }
            case "stray" -> {
                System.out.println("Picked up JAVA_TOOL_OPTIONS: -Xmx1g");
                System.out.println("hello|world");
                System.out.println("   ");
                serve("stray", counter);
            }
            case "wrong-core" -> printAndHang("2|1|unix|/tmp/no-such-plugin.sock|grpc|");
            case "netrpc" -> printAndHang("1|1|tcp|127.0.0.1:1234|netrpc|");
            case "app-version" -> printAndHang("1|5|unix|/tmp/no-such-plugin.sock|grpc|");
            case "silent" -> Thread.sleep(Long.MAX_VALUE);
            case "exit-early" -> {
                RAW_ERR.println("loading configuration");
                RAW_ERR.println("[ERROR] cannot open /etc/no-such-config: no such file");
                System.exit(3);
            }
            case "levels" -> {
                RAW_ERR.println("{\"@level\":\"debug\",\"@message\":\"json debug line\",\"@timestamp\":"
                        + "\"2024-05-01T10:00:00.000000Z\",\"@module\":\"scenario\",\"answer\":42}");
                RAW_ERR.println("{\"@level\":\"error\",\"@message\":\"json error line\"}");
                RAW_ERR.println("{\"@level\":\"trace\",\"@message\":\"json trace line\"}");
                RAW_ERR.println("[WARN] text warn line");
                RAW_ERR.println("[ERROR] text error line");
                RAW_ERR.println("[DEBUG] text debug line");
                RAW_ERR.println("just a plain line");
                serve("levels", counter);
            }
            case "flood" -> {
                RAW_ERR.println("[INFO] long:" + "z".repeat(LONG_LINE_BYTES));
                Thread flood = new Thread(() -> {
                    for (int i = 1; i <= FLOOD_LINES; i++) {
                        RAW_ERR.println("[DEBUG] flood line " + i + " " + "f".repeat(100));
                        counter.set(i);
                    }
                }, "flood");
                flood.setDaemon(true);
                flood.start();
                serve("flood", counter);
            }
            case "freeze" -> {
                // Once the trigger file appears: delete it (a restarted process runs normally) and
                // SIGSTOP this whole process, which then answers nothing, health checks included.
                Path trigger = Path.of(args[1]);
                daemon("freeze", () -> {
                    while (!Files.exists(trigger)) {
                        sleep(50);
                    }
                    try {
                        Files.deleteIfExists(trigger);
                        new ProcessBuilder("kill", "-STOP", String.valueOf(ProcessHandle.current().pid())).start();
                    } catch (IOException e) {
                        RAW_ERR.println("[ERROR] cannot freeze: " + e);
                    }
                });
                serve("freeze", counter);
            }
            case "die-when" -> {
                // Exits with the given status as soon as the trigger file exists (and at once in a
                // process started while it does): a crash loop on demand.
                Path trigger = Path.of(args[1]);
                int status = Integer.parseInt(args[2]);
                daemon("die-when", () -> {
                    while (!Files.exists(trigger)) {
                        sleep(20);
                    }
                    RAW_ERR.println("[ERROR] giving up: " + trigger.getFileName() + " exists");
                    Runtime.getRuntime().halt(status);
                });
                serve("die-when", counter);
            }
            case "die-first" -> {
                // Killed during its first start only: no marker yet, so it makes one and dies before
                // its handshake, as a process killed for memory would (137); started again, it serves.
                Path marker = Path.of(args[1]);
                if (!Files.exists(marker)) {
                    Files.writeString(marker, "died once\n");
                    RAW_ERR.println("[ERROR] killed while starting");
                    Runtime.getRuntime().halt(137);
                }
                serve("die-first", counter);
            }
            case "bad-info" -> LyingServer.run(BadInfo.of(args[1]));
            case "tls-unasked" -> {
                // Answers with a certificate nobody asked for, on a real socket in a plugin* temp
                // directory (as go-plugin plugins leave them), then hangs.
                Path dir = Files.createTempDirectory("plugin");
                Path socket = dir.resolve("plugin.sock");
                java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)
                        .bind(java.net.UnixDomainSocketAddress.of(socket));
                Files.writeString(Path.of(args[1]), socket.toString());
                printAndHang("1|1|unix|" + socket + "|grpc|" + "MIIB".repeat(150));
            }
            case "tls-wrong-pin" -> {
                // Answers AutoMTLS with one certificate but serves with another: the host's pin refuses it.
                var own = io.halkyon.plugin.proto.internal.mtls.PluginCertificate.generate();
                var announced = io.halkyon.plugin.proto.internal.mtls.PluginCertificate.generate();
                var host = io.halkyon.plugin.proto.internal.mtls.PeerCertificates.parsePem(System.getenv("PLUGIN_CLIENT_CERT"));
                var tls = io.halkyon.plugin.proto.internal.mtls.TlsContexts.serverContext(own, host);
                var health = new io.grpc.protobuf.services.HealthStatusManager();
                health.setStatus("plugin", io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING);
                var listener = io.halkyon.plugin.proto.internal.net.ServerListener.start("tcp", System.getenv(),
                        b -> b.sslContext(tls).addService(health.getHealthService()));
                printAndHang("1|1|tcp|" + listener.address() + "|grpc|" + announced.handshakeField());
            }
            case "stdout-flood" -> {
                // 20000 stray lines on fd 1 before the handshake, and 20000 more while the SDK starts
                // and serves (it points System.out elsewhere; this writes fd 1 itself). One write per
                // line: a pipe write of under 4 KiB is atomic, so no line splits the handshake line.
                FileOutputStream fd1 = new FileOutputStream(FileDescriptor.out);
                for (int i = 0; i < 20_000; i++) {
                    fd1.write(("stray line " + i + "\n").getBytes(StandardCharsets.UTF_8));
                }
                daemon("stdout-flood", () -> {
                    try {
                        for (int i = 0; i < 20_000; i++) {
                            fd1.write(("after line " + i + "\n").getBytes(StandardCharsets.UTF_8));
                        }
                    } catch (IOException e) {
                        RAW_ERR.println("[ERROR] stdout flood: " + e);
                    }
                });
                serve("stdout-flood", counter);
            }
            case "endless-flood" -> {
                // Floods stdout and stderr until it is stopped, from before its handshake on. Lines
                // of under 4 KiB, one write each: no flood line splits the handshake line.
                FileOutputStream fd1 = new FileOutputStream(FileDescriptor.out);
                byte[] line = ("endless " + "e".repeat(1000) + "\n").getBytes(StandardCharsets.UTF_8);
                daemon("endless-flood-out", () -> {
                    try {
                        while (true) {
                            fd1.write(line);
                            counter.incrementAndGet();
                        }
                    } catch (IOException e) {
                        RAW_ERR.println("[ERROR] stdout flood: " + e);
                    }
                });
                daemon("endless-flood-err", () -> {
                    while (!RAW_ERR.checkError()) {
                        RAW_ERR.print("[DEBUG] endless " + "e".repeat(1000) + "\n");
                    }
                });
                serve("endless-flood", counter);
            }
            case "tcp-port" -> printAndHang("1|1|tcp|127.0.0.1:" + args[1] + "|grpc|");
            case "unix-writable" -> {
                // A real socket of its own, outside the host's directory, that anybody may write to.
                Path socket = Files.createTempDirectory("plugin").resolve("plugin.sock");
                bindUnix(socket);
                Files.setPosixFilePermissions(socket, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
                printAndHang("1|1|unix|" + socket + "|grpc|");
            }
            case "unix-link" -> {
                // A link in the host's directory to a socket elsewhere (args[1]) that anybody may write to.
                Path target = Path.of(args[1]);
                bindUnix(target);
                Files.setPosixFilePermissions(target, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
                Path link = Path.of(System.getenv("PLUGIN_UNIX_SOCKET_DIR"), "plugin.sock");
                Files.createSymbolicLink(link, target);
                printAndHang("1|1|unix|" + link + "|grpc|");
            }
            case "ghost-socket" -> printAndHang("1|1|unix|/tmp/halkyon-no-such-dir-" + ProcessHandle.current().pid()
                    + "/plugin.sock|grpc|");
            case "liar" -> LyingServer.run("liar", "test", true);
            case "no-types" -> LyingServer.run("no-types", "test", false);
            case "stubborn" -> StubbornServer.run("SERVING", "test");
            case "not-serving" -> StubbornServer.run("NOT_SERVING", "test");
            case "no-category" -> StubbornServer.run("SERVING", "");
            case "grandchild" -> {
                Process direct = new ProcessBuilder("sleep", "600").start();
                Process sh = new ProcessBuilder("/bin/sh", "-c", "sleep 600 >/dev/null 2>&1 & echo $!").start();
                String orphan = new String(sh.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
                sh.waitFor();
                Files.writeString(Path.of(args[1]), direct.pid() + " " + orphan + "\n");
                serve("grandchild", counter);
            }
            case "escape" -> {
                // Leaves its tree as a daemon would: a new session, then its parent (sh) exits.
                Process sh = new ProcessBuilder("/bin/sh", "-c",
                        "setsid sleep 600 </dev/null >/dev/null 2>&1 & echo $!").start();
                String escaped = new String(sh.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
                sh.waitFor();
                Files.writeString(Path.of(args[1]), escaped + "\n");
                serve("escape", counter);
            }
            case "hang-pid" -> {
                // Never hands shake and never watches its host: only the host can end it.
                Files.writeString(Path.of(args[1]), ProcessHandle.current().pid() + "\n");
                Thread.sleep(Long.MAX_VALUE);
            }
            case "peek" -> {
                // What a hostile plugin tries first: the host's environment, through its parent pid.
                String stat = Files.readString(Path.of("/proc/self/stat"));
                String parent = stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1];
                RAW_ERR.println("[INFO] peek host environ: " + tryRead(Path.of("/proc", parent, "environ")));
                RAW_ERR.println("[INFO] peek own environ: " + tryRead(Path.of("/proc/self/environ")));
                serve("peek", counter);
            }
            default -> {
                RAW_ERR.println("unknown scenario " + scenario);
                System.exit(2);
            }
        }
    }

    private static String tryRead(Path file) {
        try {
            return "readable (" + Files.readAllBytes(file).length + " bytes)";
        } catch (IOException e) {
            return "denied (" + e.getClass().getSimpleName() + ")";
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void serve(String name, AtomicLong counter) {
        PluginServer.serve(new TestResource(name, List.of(TypeInfo.of("widget", "1", "2")), counter::get));
    }

    private static void bindUnix(Path socket) throws IOException {
        java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)
                .bind(java.net.UnixDomainSocketAddress.of(socket));
    }

    private static void printAndHang(String line) throws IOException, InterruptedException {
        System.out.println(line);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
