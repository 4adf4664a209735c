package io.halkyon.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run} against a cluster that is not there: one or two lines naming it, exit status 1. */
class ClusterConnectionTest {

    @TempDir
    Path dir;

    private Path kubeconfig(int port) throws IOException {
        return Files.writeString(dir.resolve("config"), """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: nowhere
                    cluster:
                      server: https://127.0.0.1:%d
                contexts:
                  - name: gone
                    context:
                      cluster: nowhere
                      user: someone
                current-context: gone
                users:
                  - name: someone
                    user:
                      token: not-a-real-token
                """.formatted(port));
    }



    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort(); // nothing listens there once closed
        }
    }

    @Test
    void anUnreachableClusterIsOneErrorNamingTheServerAndWhereItCameFrom() throws Exception {
        int port = closedPort();
        Path config = kubeconfig(port);
        Files.createDirectory(dir.resolve("plugins"));

        CommandRun result = CommandRun.of("run", "--kubeconfig", config.toString(), "--plugins-dir", dir.resolve("plugins").toString(),
                "--process-containment=false");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).startsWith("error: cannot reach the Kubernetes API server https://127.0.0.1:" + port)
                .contains("(from --kubeconfig " + config + ", context gone)")
                .contains("try the demo jar: java -jar halkyon-operator-demo.jar run --embedded-cluster")
                .doesNotContain("\tat ");
        assertThat(result.err().lines()).hasSize(2);
    }

    @Test
    void aMissingKubeconfigOrContextIsNamed() throws Exception {
        Path config = kubeconfig(closedPort());
        Files.createDirectory(dir.resolve("plugins"));

        CommandRun noFile = CommandRun.of("run", "--kubeconfig", dir.resolve("nope").toString(), "--plugins-dir",
                dir.resolve("plugins").toString(), "--process-containment=false");
        CommandRun noContext = CommandRun.of("run", "--kubeconfig", config.toString(), "--context", "elsewhere", "--plugins-dir",
                dir.resolve("plugins").toString(), "--process-containment=false");

        assertThat(noFile.exit()).isEqualTo(1);
        assertThat(noFile.err()).isEqualTo("error: --kubeconfig " + dir.resolve("nope") + ": no such file\n");
        assertThat(noContext.exit()).isEqualTo(1);
        assertThat(noContext.err()).isEqualTo("error: --context elsewhere: no such context in --kubeconfig "
                + config + "\n");
    }
}
