package io.halkyon.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.halkyon.operator.render.CapabilityFiles;
import io.halkyon.operator.render.Renderer;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.KubernetesNames;
import io.halkyon.plugin.host.PluginManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code render}: prints, as YAML, the objects the Capabilities of a file would produce, exactly
 * as the operator would create them (namespace, labels, owner reference), without any cluster:
 * the operator's own plan against a cluster where nothing exists yet ({@link Renderer}).
 */
@Command(name = "render",
        description = "Print as YAML (or JSON) the objects the Capabilities of a file would produce, with owner references,"
                + " using the plugins of the plugins directory and no cluster.",
        footer = {"", "A Capability without metadata.uid gets the placeholder '" + Renderer.UID_PLACEHOLDER
                + "' in its owner references.",
                "Exit status: 0 when every Capability renders, 1 when one would be Failed (its message on stderr, none"
                        + " of its objects printed: the operator writes all of them or none),"
                        + " 2 on a usage error or a file that cannot be read as Capabilities (one line on stderr naming"
                        + " the file and the line, or the document, and the problem).",
                "", "Examples:",
                "  halkyon-operator render -f capability.yaml --plugins-dir plugins",
                "  halkyon-operator render -f capability.yaml -o json | kubectl apply -f -",
                "  cat capability.yaml | halkyon-operator render -f - -n shop"})
final class RenderCommand implements Callable<Integer> {

    /** The file name that means standard input, as kubectl has it. */
    private static final String STDIN = "-";

    @Spec
    private CommandSpec spec;

    @Mixin
    private PluginOptions plugins;

    @Option(names = {"-f", "--filename"}, paramLabel = "FILE", required = true,
            description = "A YAML (or JSON) file holding one or more Capability documents, '-' for standard input; at most "
                    + CapabilityFiles.MAX_FILE_BYTES + " bytes, nested at most " + CapabilityFiles.MAX_DEPTH
                    + " levels deep.")
    private Path file;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS", defaultValue = "default",
            description = "Namespace of Capabilities that name none. Default: ${DEFAULT-VALUE}.")
    private String namespace;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "yaml",
            description = "yaml: one document per object, as kubectl apply -f reads them; json: one v1 List holding"
                    + " them. Default: ${DEFAULT-VALUE}.")
    private OutputFormat output;

    @Option(names = "--allow-cluster-scoped", defaultValue = "${env:HALKYON_ALLOW_CLUSTER_SCOPED:-false}",
            description = "Accept cluster-scoped objects, as the operator would with the same flag."
                    + " Env: HALKYON_ALLOW_CLUSTER_SCOPED.")
    private boolean allowClusterScoped;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (output == OutputFormat.TEXT) {
            throw new ParameterException(spec.commandLine(), "--output text: render prints objects as yaml or json");
        }
        KubernetesNames.checkLabel("--namespace", namespace).ifPresent(problem -> {
            throw new ParameterException(spec.commandLine(), problem);
        });
        List<Capability> capabilities = readCapabilities();
        Path dir = plugins.existingPluginsDir();
        int failures = 0;
        List<HasMetadata> objects = new ArrayList<>();
        try (QuietLogs quiet = QuietLogs.unlessAsked();
             PluginManager manager = new PluginManager(plugins.template())) {
            manager.loadDirectory(dir);
            Renderer renderer = new Renderer(manager.registry(), allowClusterScoped);
            for (Capability capability : capabilities) {
                Renderer.Result result = renderer.render(capability, namespace);
                objects.addAll(result.objects());
                if (result.failed()) {
                    failures++;
                    err.println("error: Capability " + capability.getMetadata().getNamespace() + "/"
                            + capability.getMetadata().getName() + " would be Failed: " + result.failure());
                }
            }
        }
        out.print(output.objects(objects));
        out.flush();
        err.flush();
        return failures == 0 ? 0 : 1;
    }

    private List<Capability> readCapabilities() {
        if (STDIN.equals(file.toString())) {
            try {
                return nonEmpty(CapabilityFiles.read(System.in, "standard input"), "standard input");
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        if (!Files.isRegularFile(file)) {
            throw new ParameterException(spec.commandLine(), "file '" + file.toAbsolutePath() + "' "
                    + (Files.exists(file) ? "is not a regular file" : "does not exist"));
        }
        try {
            return nonEmpty(CapabilityFiles.read(file), "file '" + file + "'");
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage()); // one line, naming the file
        }
    }

    private List<Capability> nonEmpty(List<Capability> capabilities, String source) {
        if (capabilities.isEmpty()) {
            throw new ParameterException(spec.commandLine(), source + " holds no Capability"
                    + " (kind: Capability, apiVersion: " + Capability.API_VERSION + ")");
        }
        return capabilities;
    }
}
