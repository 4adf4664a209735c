package io.halkyon.operator;

import java.io.PrintWriter;
import java.time.Duration;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
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
        footer = {"", "Examples:",
                "  halkyon-operator run --plugins-dir /plugins",
                "  halkyon-operator render -f capability.yaml",
                "  halkyon-operator plugins -o json",
                "  halkyon-operator plugins verify plugins/postgres-capability.jar",
                "  source <(halkyon-operator generate-completion)   # bash or zsh completion"},
        subcommands = {RunCommand.class, RenderCommand.class, PluginsCommand.class, VersionCommand.class,
                AutoComplete.GenerateCompletion.class, CommandLine.HelpCommand.class})
public final class HalkyonOperator implements Runnable {

    /** The demo jar's option, named when this jar is asked for it. */
    public static final String EMBEDDED_CLUSTER_OPTION = "--embedded-cluster";

    @Spec
    private CommandSpec spec;

    @Option(names = "--log-level", paramLabel = "LEVEL", scope = ScopeType.INHERIT,
            defaultValue = "${env:HALKYON_LOG_LEVEL:-}",
            description = "trace, debug, info, warn, error or off (logs go to stderr). Default: info for run;"
                    + " render and plugins log only warnings and errors unless a level is given. Env: HALKYON_LOG_LEVEL.")
    void logLevel(String level) {
        try {
            LogSettings.level(level);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--log-level: " + e.getMessage());
        }
    }

    @Option(names = "--log-format", paramLabel = "FORMAT", scope = ScopeType.INHERIT,
            defaultValue = "${env:HALKYON_LOG_FORMAT:-text}",
            description = "text, or json: one object per line with level, logger, message and, for a plugin's"
                    + " lines, the key 'plugin'. Default: ${DEFAULT-VALUE}. Env: HALKYON_LOG_FORMAT.")
    void logFormat(String format) {
        try {
            LogSettings.format(format);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--log-format: " + e.getMessage());
        }
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The configured command line; tests call {@code execute} on it with their own writers.
     * {@code targets} add their options to {@code run}, and run there when those select them (the
     * demo jar's main passes the embedded cluster).
     */
    public static CommandLine commandLine(RunTarget... targets) {
        CommandLine commandLine = new CommandLine(new HalkyonOperator());
        CommandLine run = commandLine.getSubcommands().get("run");
        for (RunTarget target : targets) {
            run.getCommandSpec().addMixin(target.getClass().getSimpleName(),
                    CommandSpec.forAnnotatedObject(target.options()));
            ((RunCommand) run.getCommand()).extend(target);
        }
        commandLine.registerConverter(Duration.class, new DurationConverter());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setDefaultValueProvider(new LibraryDefaults());
        // picocli hides it by default; it is the documented way to get completion.
        commandLine.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
        // verify checks one file: the mixin's plugins directory means nothing there.
        CommandSpec verify = commandLine.getSubcommands().get("plugins").getSubcommands().get("verify").getCommandSpec();
        verify.remove(verify.findOption("--plugins-dir"));
        commandLine.setParameterExceptionHandler(HalkyonOperator::usageError);
        commandLine.setExecutionExceptionHandler(HalkyonOperator::failure);
        return commandLine;
    }

    /** Without a subcommand: say what there is to run. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required: run, render, plugins or version");
    }

    /** One line naming the problem and where help is, instead of the whole usage text. */
    private static int usageError(ParameterException error, String[] args) {
        CommandLine command = error.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("error: " + error.getMessage());
        UnmatchedArgumentException.printSuggestions(error, err);
        if (error instanceof UnmatchedArgumentException unmatched
                && unmatched.getUnmatched().contains(EMBEDDED_CLUSTER_OPTION)) {
            err.println(EMBEDDED_CLUSTER_OPTION + " is in the demo jar, not in this production jar: java -jar"
                    + " halkyon-operator-demo.jar run " + EMBEDDED_CLUSTER_OPTION + " ...");
        }
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    /**
     * A job that failed: {@code error: <message>} (a {@link CommandFailure}'s is written for the
     * user; anything else gets its type too), its stack trace only at {@code --log-level debug}.
     */
    private static int failure(Exception e, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getName()
                : e instanceof CommandFailure ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
        err.println("error: " + message);
        if (LogSettings.debug()) {
            e.printStackTrace(err);
        } else if (!(e instanceof CommandFailure)) {
            err.println("(--log-level debug shows where)");
        }
        err.flush();
        return 1;
    }

    /** The version from the jar manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {VersionCommand.Info.current().operatorLine()};
        }
    }
}
