package io.halkyon.operator;

import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The operator's command line. Each job is a subcommand (a class with {@code @Command},
 * listed in {@code subcommands}); options every subcommand shares, such as
 * {@code --plugins-dir}, come from {@link PluginOptions}.
 *
 * <p>Exit status: 0 on success, 1 when the job failed, 2 on a usage error (a bad option, a
 * missing plugins directory). Program output goes to stdout, logs to stderr.
 */
@Command(name = "halkyon-operator",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,
        versionProvider = HalkyonOperator.Version.class,
        description = "Kubernetes operator for Capability resources, provided by out-of-process plugins.",
        subcommands = {RunCommand.class, RenderCommand.class, PluginsCommand.class,
                CommandLine.HelpCommand.class})
public final class HalkyonOperator implements Runnable {

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call {@code execute} on it with their own writers. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new HalkyonOperator());
        commandLine.registerConverter(Duration.class, new DurationConverter());
        commandLine.setParameterExceptionHandler(HalkyonOperator::usageError);
        return commandLine;
    }

    /** Without a subcommand: say what there is to run. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required: run, render or plugins");
    }

    /** One line naming the problem and where help is, instead of the whole usage text. */
    private static int usageError(ParameterException error, String[] args) {
        CommandLine command = error.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("error: " + error.getMessage());
        UnmatchedArgumentException.printSuggestions(error, err);
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** The version from the jar manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = HalkyonOperator.class.getPackage().getImplementationVersion();
            return new String[] {"halkyon-operator " + (version == null ? "(development build)" : version)};
        }
    }
}
