package io.halkyon.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The fetch options of {@code run}: documented with their environment variables and defaults, checked. */
class RunFetchOptionsTest {

    private static int run(StringWriter out, StringWriter err, String... args) {
        var commandLine = HalkyonOperator.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }

    @Test
    void theTimeoutsAndParallelismAreOptionsWithTheirEnvironmentVariablesAndDefaults() {
        StringWriter out = new StringWriter();
        assertThat(run(out, new StringWriter(), "run", "--help")).isZero();

        assertThat(out.toString().replaceAll("\\s+", " "))
                .contains("--plugins-attempt-timeout=DURATION").contains("Env: HALKYON_PLUGINS_ATTEMPT_TIMEOUT. Default: 2m.")
                .contains("--plugins-fetch-timeout=DURATION").contains("Env: HALKYON_PLUGINS_FETCH_TIMEOUT. Default: 5m.")
                .contains("--plugins-fetch-parallelism=N").contains("Env: HALKYON_PLUGINS_FETCH_PARALLELISM. Default: 4.");
    }

    @Test
    void aBadValueIsAUsageErrorNamingTheOption() {
        StringWriter err = new StringWriter();

        int exit = run(new StringWriter(), err, "run", "--plugins-fetch-parallelism", "0");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("error: --plugins-fetch-parallelism: PluginFetchConfig.parallelism must be"
                + " between 1 and 64, was 0");
    }
}
