package io.halkyon.benchmarks;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilitySpec;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.host.CapabilityPlugins;
import io.halkyon.plugin.host.PluginClient;
import io.halkyon.plugin.host.PluginClientConfig;
import io.halkyon.plugin.proto.internal.capability.KubeJson;
import java.nio.file.Path;
import java.util.List;

/**
 * The example postgres plugin started through the host's public API, and the dependent whose
 * {@code Build} the figures call: the StatefulSet of a {@code database/postgres} Capability.
 */
final class ExamplePlugin implements AutoCloseable {

    /** The owner of every Build of the suite. */
    static final Capability OWNER = Capability.of("bench", "default",
            new CapabilitySpec("database", "postgres", "16", List.of()));

    private final PluginClient client;
    private final DependentResource statefulSet;

    private ExamplePlugin(PluginClient client) {
        this.client = client;
        try {
            List<DependentResource> dependents = CapabilityPlugins.dispense(client).readyFor(OWNER);
            this.statefulSet = dependents.stream().filter(d -> d.key().kind().equals("StatefulSet")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the example plugin has no StatefulSet dependent: "
                            + dependents));
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    static PluginClientConfig config(Path jar) {
        // bench.pluginJavaOptions: the admin's options for the plugin JVM, to compare option sets.
        String admin = System.getProperty("bench.pluginJavaOptions", "").trim();
        return PluginClientConfig.builder().executable(jar)
                .javaOptions(admin.isEmpty() ? List.of() : List.of(admin.split("\\s+"))).build();
    }

    static ExamplePlugin start(Path jar) {
        return new ExamplePlugin(PluginClient.start(config(jar)));
    }

    PluginClient client() {
        return client;
    }

    /** The dependent whose {@code build()} is one Build call. */
    DependentResource statefulSet() {
        return statefulSet;
    }

    /** The plugin process's id. */
    long pid() {
        return client.pid().orElseThrow(() -> new IllegalStateException("plugin '" + client.name() + "' has no pid"));
    }

    /** The owner's JSON, as the host sends it in every Build request. */
    static byte[] ownerJson() {
        return KubeJson.json(OWNER).toByteArray();
    }

    /** The size of the JSON of one Build's answer. */
    int responseSize() {
        HasMetadata built = statefulSet.build();
        return KubeJson.json(built).size();
    }

    @Override
    public void close() {
        client.close();
    }
}
