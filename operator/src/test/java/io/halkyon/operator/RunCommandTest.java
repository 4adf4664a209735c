package io.halkyon.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code run}'s limits on what plugins may have written: bad values are usage errors, before anything starts. */
class RunCommandTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "--allow-kind             | apps/Deployment   | --allow-kind 'apps/Deployment' allows nothing: expected one of",
            "--allow-kind             | v1/ServiceAccount | core/ServiceAccount",
            "--max-dependents         | 0                 | maxDependents must be at least 1, got 0",
            "--max-objects-per-plugin | -1                | maxObjectsPerPlugin must be at least 1, got -1",
            "--remote-plugins-listen  | 0.0.0.0:9443      | must be a loopback address for a plaintext server",
            "--remote-plugins-listen  | nowhere           | --remote-plugins-listen must be HOST:PORT, was 'nowhere'",
            "--remote-plugins-listen  | 127.0.0.1:70000   | the port must be 0 to 65535, was 70000",
            "--plugin-java-options    | Xmx64m            | javaOptions must hold JVM options: 'Xmx64m' is not one JVM option",
            "--plugin-java-options    | -jar              | javaOptions must hold JVM options: '-jar' would change what runs",
            "--metrics-address        | nowhere           | --metrics-address must be HOST:PORT, was 'nowhere'",
            "--metrics-address        | 127.0.0.1:70000   | --metrics-address: the port must be 0 to 65535, was 70000",
    })
    void aBadValueIsAUsageErrorSayingWhatIsExpected(String option, String value, String message) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = HalkyonOperator.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));

        int exit = commandLine.execute("run", option, value);

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains(message);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void theEmbeddedClusterIsNotInTheProductionCommandAndTheErrorSaysWhereItIs() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = HalkyonOperator.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));

        int exit = commandLine.execute("run", "--embedded-cluster", "--plugins-dir", "nowhere");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--embedded-cluster'")
                .contains("--embedded-cluster is in the demo jar, not in this production jar: java -jar"
                        + " halkyon-operator-demo.jar run --embedded-cluster ...");
        assertThat(out.toString()).isEmpty();
    }
}
