package io.halkyon.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.halkyon.plugin.host.PluginClientConfig;
import io.halkyon.plugin.host.RestartPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class LibraryDefaultsTest {

    private static List<OptionSpec> everyOption(CommandLine command) {
        List<OptionSpec> options = new ArrayList<>(command.getCommandSpec().options());
        command.getSubcommands().values().forEach(sub -> options.addAll(everyOption(sub)));
        return options;
    }

    @Test
    void everyLibraryOptionShowsTheLibrarysValueAndNamesItsEnvironmentVariable() {
        List<OptionSpec> library = everyOption(HalkyonOperator.commandLine()).stream()
                .filter(o -> LibraryDefaults.of(o.longestName()) != null).toList();

        assertThat(library).extracting(OptionSpec::longestName).contains("--start-timeout", "--call-timeout",
                "--restart-backoff", "--health-interval", "--plugins-fetch-timeout", "--reconcile-threads",
                "--remote-plugins-forget-after");
        for (OptionSpec option : library) {
            Map.Entry<String, String> d = LibraryDefaults.of(option.longestName());
            assertThat(option.defaultValue()).as(option.longestName() + ": no default of its own").isNull();
            assertThat(String.join(" ", option.description())).as(option.longestName()).contains("Env: " + d.getKey());
            assertThat(option.defaultValueString()).as(option.longestName()).isEqualTo(d.getValue());
        }
    }

    @Test
    void helpShowsTheLibraryDefaults() {
        String help = CommandRun.of("run", "--help").out();

        assertThat(help.replaceAll("\\s+", " "))
                .contains("Default: " + DurationConverter.format(PluginClientConfig.DEFAULT_START_TIMEOUT))
                .contains("Default: " + DurationConverter.format(RestartPolicy.DEFAULT.maxBackoff()));
    }
}
