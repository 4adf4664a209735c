package io.halkyon.operator;

import io.halkyon.operator.render.CapabilityFiles;
import io.halkyon.operator.verify.RuleResult;
import io.halkyon.operator.verify.Rules;
import io.halkyon.operator.verify.Target;
import io.halkyon.operator.verify.TextReport;
import io.halkyon.operator.verify.Verifier;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.host.internal.JarCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code plugins verify FILE}: the conformance check of one plugin file, any language. Runs every
 * rule of the protocol and of the Capability contract ({@link Rules}, docs/conformance.md) and
 * prints one line per rule. Exit status 0 when no rule failed, 1 when one did (or warned, with
 * {@code --strict}), 2 on a usage error.
 */
@Command(name = "verify",
        description = "Check one plugin file (a .jar or any executable) against every rule of the plugin protocol and"
                + " of the Capability contract, and print one line per rule: passed, failed, warning or skipped,"
                + " with why. See docs/conformance.md.",
        footer = {"", "Exit status: 0 when no rule failed (warnings and skips do not count, each says why), 1 when"
                + " one failed (or warned, with --strict), 2 on a usage error.",
                "", "Examples:",
                "  halkyon-operator plugins verify plugins/postgres-capability.jar",
                "  halkyon-operator plugins verify ./my-plugin -f capability.yaml -o json"})
final class VerifyCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private PluginOptions options;

    @Parameters(index = "0", paramLabel = "FILE", description = "The plugin: a .jar, or an executable file.")
    private Path file;

    @Option(names = {"-f", "--filename"}, paramLabel = "FILE",
            description = "Capabilities (YAML or JSON) to check the contract with, instead of one per"
                    + " category/type/version the plugin declares, without parameters. Repeatable.")
    private List<Path> capabilityFiles = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text: one line per rule; json or yaml: a list of {rule, result, detail}."
                    + " Default: ${DEFAULT-VALUE}.")
    private OutputFormat output;

    @Option(names = "--exit-bound", paramLabel = "DURATION", defaultValue = "10s",
            description = "How long the plugin may take to exit by itself: after Shutdown, after its host died, when"
                    + " it refuses to start. Default: ${DEFAULT-VALUE}.")
    private Duration exitBound;

    @Option(names = "--strict", description = "Warnings fail too (stray stdout, no exit on host death).")
    private boolean strict;

    @Override
    public Integer call() {
        Path plugin = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(plugin)) {
            throw new ParameterException(spec.commandLine(), "plugin file '" + plugin + "' "
                    + (Files.exists(plugin) ? "is not a regular file" : "does not exist"));
        }
        if (!JarCommand.isJar(plugin) && !Files.isExecutable(plugin)) {
            throw new ParameterException(spec.commandLine(), "plugin file '" + plugin
                    + "' is not executable (and not a .jar)");
        }
        if (exitBound.isNegative() || exitBound.isZero()) {
            throw new ParameterException(spec.commandLine(), "--exit-bound must be positive");
        }
        Target target = new Target(plugin, options.template(), capabilities(), exitBound);
        List<RuleResult> results;
        try (QuietLogs quiet = QuietLogs.unlessAsked()) {
            results = Verifier.verify(target);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output == OutputFormat.TEXT) {
            TextReport.print(target.name(), results, out);
        } else {
            out.print(output.data(results));
            out.flush();
        }
        return Verifier.conforms(results, strict) ? 0 : 1;
    }

    private List<Capability> capabilities() {
        List<Capability> capabilities = new ArrayList<>();
        for (Path capabilityFile : capabilityFiles) {
            try {
                capabilities.addAll(CapabilityFiles.read(capabilityFile));
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage()); // one line, naming the file
            }
        }
        return capabilities;
    }
}
