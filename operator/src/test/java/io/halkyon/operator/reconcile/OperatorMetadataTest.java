package io.halkyon.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilitySpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a plugin may not set on the objects the operator writes, through {@link DependentObjects#prepare}. */
class OperatorMetadataTest {

    private final Capability owner = owner();

    private static Capability owner() {
        Capability owner = Capability.of("db", "apps", new CapabilitySpec());
        owner.getMetadata().setUid("owner-uid");
        return owner;
    }

    private static ConfigMap injected() {
        return new ConfigMapBuilder().withNewMetadata().withName("c")
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                        .withName("other").withUid("other-uid").withController(true).build())
                .withFinalizers("evil.example.com/never")
                .withLabels(Map.of("app", "kept", "halkyon.io/capability", "victim", "x.halkyon.io/y", "z"))
                .withAnnotations(Map.of("note", "kept", "halkyon.io/owner", "plugin"))
                .withUid("injected").withResourceVersion("7").withDeletionTimestamp("2020-01-01T00:00:00Z")
                .endMetadata().build();
    }

    @Test
    void onCreateWhatThePluginPutWhereOnlyTheOperatorWritesIsDroppedAndNamed() {
        ConfigMap object = injected();

        List<String> dropped = DependentObjects.prepare(object, owner, true, true);

        assertThat(dropped).containsExactlyInAnyOrder("ownerReferences", "finalizers", "uid", "resourceVersion",
                "deletionTimestamp", "label halkyon.io/capability", "label x.halkyon.io/y",
                "annotation halkyon.io/owner");
        var meta = object.getMetadata();
        assertThat(meta.getOwnerReferences()).extracting(OwnerReference::getUid).containsExactly("owner-uid");
        assertThat(meta.getFinalizers()).isNull();
        assertThat(meta.getUid()).isNull();
        assertThat(meta.getResourceVersion()).isNull();
        assertThat(meta.getDeletionTimestamp()).isNull();
        assertThat(meta.getLabels()).containsExactlyInAnyOrderEntriesOf(Map.of("app", "kept",
                DependentObjects.CAPABILITY_LABEL, "db", DependentObjects.CAPABILITY_NAMESPACE_LABEL, "apps"));
        assertThat(meta.getAnnotations()).containsExactlyInAnyOrderEntriesOf(Map.of("note", "kept"));
    }

    @Test
    void onUpdateTheLiveValuesAreKept() {
        ConfigMap live = new ConfigMapBuilder().withNewMetadata().withName("c").withNamespace("apps")
                .withOwnerReferences(DependentObjects.ownerReference(owner))
                .withFinalizers("example.com/keep")
                .withLabels(Map.of("halkyon.io/capability", "db", "halkyon.io/capability-namespace", "apps"))
                .withAnnotations(Map.of("halkyon.io/by-admin", "yes"))
                .withUid("live-uid").withResourceVersion("12").endMetadata().build();
        ConfigMap changed = injected();

        List<String> dropped = DependentObjects.prepare(changed, live, owner, true, true);

        assertThat(dropped).contains("ownerReferences", "finalizers", "uid", "resourceVersion",
                "label halkyon.io/capability", "annotation halkyon.io/owner");
        var meta = changed.getMetadata();
        assertThat(meta.getOwnerReferences()).isEqualTo(live.getMetadata().getOwnerReferences());
        assertThat(meta.getFinalizers()).containsExactly("example.com/keep");
        assertThat(meta.getUid()).isEqualTo("live-uid");
        assertThat(meta.getResourceVersion()).isEqualTo("12");
        assertThat(meta.getAnnotations()).containsExactlyInAnyOrderEntriesOf(Map.of("note", "kept",
                "halkyon.io/by-admin", "yes"));
        assertThat(meta.getLabels()).containsEntry("app", "kept").containsEntry("halkyon.io/capability", "db")
                .doesNotContainKey("x.halkyon.io/y");
    }

    @Test
    void aPluginEchoingTheLiveObjectOrLeavingFieldsOutDropsNothing() {
        ConfigMap live = new ConfigMapBuilder().withNewMetadata().withName("c").withNamespace("apps")
                .withOwnerReferences(DependentObjects.ownerReference(owner)).withFinalizers("example.com/keep")
                .withLabels(Map.of("halkyon.io/capability", "db")).withUid("live-uid").withResourceVersion("12")
                .endMetadata().build();

        assertThat(DependentObjects.prepare(new ConfigMapBuilder(live).build(), live, owner, true, true)).isEmpty();
        assertThat(DependentObjects.prepare(new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata()
                .build(), live, owner, true, true)).isEmpty();
    }
}
