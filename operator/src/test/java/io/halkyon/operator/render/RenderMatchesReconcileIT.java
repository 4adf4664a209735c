package io.halkyon.operator.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.halkyon.operator.support.NoChildProcesses;
import io.halkyon.operator.support.OperatorFixture;
import io.halkyon.operator.support.TestPlugins;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilityStatus;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.host.PluginRegistry;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code render} is the reconciler's plan against an empty cluster: for the same Capability and
 * plugin, {@link Renderer} gives the objects the operator creates in the embedded API server
 * (fabric8's mock, CRUD mode), field for field but those the API server sets, and for a
 * Capability the operator fails, no object and the message of its status.
 */
@ExtendWith(NoChildProcesses.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RenderMatchesReconcileIT {

    private static final String NS = "shop";
    /** What the API server sets on an object it stores, and no plan does. */
    private static final List<String> SERVER_SET = List.of("resourceVersion", "uid", "creationTimestamp",
            "generation", "managedFields");
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private OperatorFixture operator;

    @BeforeAll
    void start(@TempDir Path plugins) throws Exception {
        TestPlugins.addPostgres(plugins);
        TestPlugins.addTestPlugin(plugins, "elsewhere");
        operator = OperatorFixture.start(plugins, OperatorFixture.settings().build());
    }

    @AfterAll
    void stop() {
        if (operator != null) {
            operator.close();
        }
    }

    private Renderer renderer() {
        return new Renderer(operator.plugins().registry(), OperatorFixture.settings().build().allowClusterScoped());
    }

    /** As {@code render -f} reads it: the Capability as the user wrote it, with the uid the API server gave. */
    private static Capability asWritten(Capability capability, Capability stored) {
        Capability copy = JSON.clone(capability);
        copy.getMetadata().setUid(stored.getMetadata().getUid());
        return copy;
    }

    private static JsonNode withoutServerFields(HasMetadata object) {
        JsonNode node = JSON.convertValue(object, JsonNode.class);
        ((ObjectNode) node.get("metadata")).remove(SERVER_SET);
        return node;
    }

    @Test
    void renderGivesTheObjectsTheReconcilerCreatesInAnEmptyCluster() {
        // A fixed password: the plugin generates one otherwise, different on every build.
        Capability capability = OperatorFixture.capability(NS, "shop-db", "database", "postgres", "15",
                "DB_NAME=shop", "DB_PASSWORD=fixed-for-the-comparison");
        Capability stored = operator.create(JSON.clone(capability));
        operator.awaitReason(NS, "shop-db", CapabilityStatus.PENDING, CapabilityStatus.READY);
        List<String> created = operator.createdFor(NS, "shop-db");

        Renderer.Result rendered = renderer().render(asWritten(capability, stored), "default");

        assertThat(rendered.failed()).as(rendered.failure()).isFalse();
        assertThat(rendered.objects()).extracting(o -> DependentKey.of(o).toString())
                .as("the same objects, in the same order").containsExactlyElementsOf(created).hasSize(3);
        for (HasMetadata object : rendered.objects()) {
            HasMetadata live = operator.client().genericKubernetesResources(object.getApiVersion(), object.getKind())
                    .inNamespace(NS).withName(object.getMetadata().getName()).get();
            assertThat(withoutServerFields(live)).as(DependentKey.of(object).toString())
                    .isEqualTo(withoutServerFields(object));
        }
    }

    @Test
    void aCapabilityTheReconcilerFailsRendersNoObjectAndTheMessageOfItsStatus() {
        // One of its three objects is fine, two are refused: all or nothing, in both.
        Capability capability = OperatorFixture.capability(NS, "mixed", "test", "elsewhere", null);
        Capability stored = operator.create(JSON.clone(capability));
        Capability failed = operator.awaitReason(NS, "mixed", CapabilityStatus.FAILED);

        Renderer.Result rendered = renderer().render(asWritten(capability, stored), "default");

        assertThat(operator.createdFor(NS, "mixed")).isEmpty();
        assertThat(rendered.objects()).isEmpty();
        assertThat(rendered.failure()).isEqualTo(failed.getStatus().getMessage())
                .startsWith("nothing was applied for plugin 'test-elsewhere': ");
    }

    @Test
    void bothChooseThePluginByTheRegistrysOneRule() {
        // " 15" is not "15": nothing is trimmed, by the reconciler as by render.
        Capability capability = OperatorFixture.capability(NS, "spaced", "database", "postgres", " 15");
        PluginRegistry registry = operator.plugins().registry();
        String expected = registry.resolve(capability.getSpec()).failure();
        Capability stored = operator.create(JSON.clone(capability));

        Capability failed = operator.awaitReason(NS, "spaced", CapabilityStatus.FAILED);
        Renderer.Result rendered = renderer().render(asWritten(capability, stored), "default");

        assertThat(expected).contains("version ' 15' (the version has spaces around it");
        assertThat(failed.getStatus().getMessage()).isEqualTo(expected);
        assertThat(rendered.failure()).isEqualTo(expected);
        assertThat(rendered.objects()).isEmpty();
    }
}
