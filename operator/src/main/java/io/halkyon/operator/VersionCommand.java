package io.halkyon.operator;

import io.halkyon.plugin.api.PluginProtocol;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code version}: the operator's version, the plugin protocol versions it speaks, and its Java. */
@Command(name = "version",
        description = "Print the operator's version, the plugin protocol versions it speaks and the Java runtime.",
        footer = {"", "Examples:", "  halkyon-operator version", "  halkyon-operator version -o json"})
final class VersionCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json or yaml. Default: ${DEFAULT-VALUE}.")
    private OutputFormat output;

    /**
     * What {@code version} prints.
     *
     * @param operator   the operator's version, from its jar's manifest
     * @param core       go-plugin's core protocol version of the handshake line
     * @param app        the app protocol versions child-process plugins may speak
     * @param remote     the protocol remote plugins register with
     * @param java       the Java runtime's version
     * @param javaVendor who built it
     */
    record Info(String operator, int core, List<Integer> app, String remote, String java, String javaVendor) {

        static Info current() {
            String version = HalkyonOperator.class.getPackage().getImplementationVersion();
            return new Info(version == null ? "(development build)" : version, PluginProtocol.CORE_PROTOCOL_VERSION,
                    List.of(PluginProtocol.APP_PROTOCOL_VERSION), PluginProtocol.REMOTE_PROTOCOL,
                    Runtime.version().toString(), System.getProperty("java.vendor"));
        }

        /** The first line, also {@code --version}'s. */
        String operatorLine() {
            return "halkyon-operator " + operator;
        }
    }

    @Override
    public Integer call() {
        Info info = Info.current();
        PrintWriter out = spec.commandLine().getOut();
        if (output == OutputFormat.TEXT) {
            out.println(info.operatorLine());
            out.println("plugin protocols: go-plugin core " + info.core() + ", app "
                    + info.app().stream().map(String::valueOf).collect(Collectors.joining(", ")) + "; remote "
                    + info.remote());
            out.println("java: " + info.java() + " (" + info.javaVendor() + ")");
        } else {
            out.print(output.data(info));
        }
        out.flush();
        return 0;
    }
}
