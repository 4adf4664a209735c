package io.halkyon.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code --standby-plugins}: what it decides, its default, and what it accepts. */
class StandbyPluginsTest {

    @ParameterizedTest(name = "{0} with leader election {1}: deferred {2}")
    @CsvSource({
            "DEFER, true,  true",
            "DEFER, false, false",
            "START, true,  false",
            "START, false, false",
    })
    void pluginsWaitForLeadershipOnlyWhenDeferredWithLeaderElection(StandbyPlugins mode, boolean leaderElection,
                                                                     boolean deferred) {
        assertThat(mode.deferred(leaderElection)).isEqualTo(deferred);
    }

    @Test
    void theDefaultIsDeferAndValuesAreCaseInsensitive() {
        assumeTrue(System.getenv("HALKYON_STANDBY_PLUGINS") == null, "HALKYON_STANDBY_PLUGINS sets the default");
        assertThat(parse()).isEqualTo(StandbyPlugins.DEFER);
        assertThat(parse("--standby-plugins", "start")).isEqualTo(StandbyPlugins.START);
        assertThat(parse("--standby-plugins", "DEFER")).isEqualTo(StandbyPlugins.DEFER);
    }

    @Test
    void anotherValueIsAUsageErrorNamingTheChoices() {
        CommandRun run = CommandRun.of("run", "--standby-plugins", "later");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--standby-plugins").contains("START").contains("DEFER").contains("later");
    }

    private static StandbyPlugins parse(String... args) {
        CommandLine commandLine = HalkyonOperator.commandLine();
        String[] all = new String[args.length + 1];
        all[0] = "run";
        System.arraycopy(args, 0, all, 1, args.length);
        commandLine.parseArgs(all);
        return commandLine.getSubcommands().get("run").getCommandSpec().findOption("--standby-plugins").getValue();
    }
}
