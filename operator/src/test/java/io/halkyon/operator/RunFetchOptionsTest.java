package io.halkyon.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.halkyon.plugin.host.fetch.PluginFetchConfig;
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
                .contains("--plugins-fetch-parallelism=N").contains("Env: HALKYON_PLUGINS_FETCH_PARALLELISM. Default: 4.")
                .contains("--plugins-arch=ARCH").contains("Env: HALKYON_PLUGINS_ARCH. Default: this JVM's, "
                        + PluginFetchConfig.DEFAULT_ARCH + ".")
                .contains("--plugins-token-file=FILE").contains("Env: HALKYON_PLUGINS_TOKEN_FILE. Default: none.")
                .contains("--plugins-token-hosts=HOST[,HOST...]").contains("Env: HALKYON_PLUGINS_TOKEN_HOSTS. Default:"
                        + " the host of --plugins-release-url.");
    }

    @Test
    void aTokenHostWithAPortIsAUsageErrorNamingTheOption() {
        StringWriter err = new StringWriter();

        int exit = run(new StringWriter(), err, "run", "--plugins-token-file", "/run/secrets/token",
                "--plugins-token-hosts", "github.com:443");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("error: --plugins-token-hosts: PluginFetchConfig.tokenHosts must be host"
                + " names or IP literals ([::1] for IPv6), without a port, was [github.com:443]");
    }

    @Test
    void aTokenFileWithATemplateWhoseHostIsNotFixedNeedsTheTokenHosts() {
        StringWriter err = new StringWriter();

        int exit = run(new StringWriter(), err, "run", "--plugins-token-file", "/run/secrets/token",
                "--plugins-release-url", "https://{owner}.example/{repo}/{tag}/p.jar");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("error: --plugins-token-hosts: PluginFetchConfig.tokenHosts must be given"
                + " with tokenFile when the releaseUrlTemplate has no fixed host");
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
