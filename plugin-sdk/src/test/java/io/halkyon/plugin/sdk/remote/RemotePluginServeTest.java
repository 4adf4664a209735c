package io.halkyon.plugin.sdk.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.halkyon.plugin.proto.pluginframework.v1.PluginStreamMessage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RemotePlugin#serve} as a program: refused, retried, served, stopped by SIGTERM, and what it logged. */
class RemotePluginServeTest {

    private static final String TOKEN = "process-secret-token";

    @TempDir
    Path dir;

    @Test
    void itServesUntilSigtermThenHalfClosesAndExitsWithZeroLoggingItsNameButNeverTheToken() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), TOKEN);
        List<String> stderr = new CopyOnWriteArrayList<>();
        try (FakeOperator operator = FakeOperator.start()) {
            operator.refuseWith(Status.UNAUTHENTICATED.withDescription("token not valid yet"));
            Process process = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    RemotePluginMain.class.getName(), operator.target(), token.toString()).start();
            Thread reader = collect(process, stderr);
            try {
                FakeStream refused = operator.nextStream();
                assertThat(refused.authorization()).isEqualTo("Bearer " + TOKEN);
                operator.refuseWith(null);
                FakeStream stream = operator.nextStream();
                while (stream.wasRefused()) {
                    stream = operator.nextStream();
                }
                assertThat(stream.awaitRegister().getName()).isEqualTo("process-plugin");
                stream.call("req-1", TestService.method("Echo"), "from the operator", 10_000);
                assertThat(FakeStream.text(stream.next())).isEqualTo("echo:from the operator");

                // SIGTERM, as the kubelet sends; through the handle, as Process.destroy() would close our
                // end of its stderr and lose the last lines.
                process.toHandle().destroy();

                assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("exited; stderr: %s", stderr).isTrue();
                assertThat(process.exitValue()).as("stderr: %s", stderr).isZero();
                assertThat(stream.awaitEnd()).isEqualTo("half-closed by the plugin");
                assertThat(stream.all()).as("it left the stream with drain").last()
                        .matches(PluginStreamMessage::hasDrain, "drain");
            } finally {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                reader.join(5000);
            }
        }
        assertThat(stderr).anySatisfy(line -> assertThat(line).contains("remote plugin 'process-plugin': the operator at",
                "refused the token (token file " + token + "): UNAUTHENTICATED: token not valid yet",
                "connecting again in", "with the token read again"));
        assertThat(stderr).anySatisfy(line -> assertThat(line).contains("remote plugin 'process-plugin' sent register to"));
        assertThat(stderr).anySatisfy(line -> assertThat(line).contains("remote plugin 'process-plugin' stopping: SIGTERM"));
        assertThat(stderr).filteredOn(line -> line.contains("\"@module\":\"io.halkyon.plugin.sdk.remote"))
                .isNotEmpty().allSatisfy(line -> assertThat(line).contains("'process-plugin'"));
        assertThat(stderr).noneSatisfy(line -> assertThat(line).contains(TOKEN));
    }

    private static Thread collect(Process process, List<String> lines) {
        Thread thread = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                // the process is gone
            }
        }, "remote-plugin-stderr");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
