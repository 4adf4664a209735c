package io.halkyon.operator.testplugin;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.DependentResourceConfig;
import io.halkyon.plugin.api.UpdateResult;
import java.util.List;
import java.util.Map;

/**
 * {@code test/metadata}: the ownership attack. One ConfigMap {@code <name>-meta}, created, owned
 * and updated, with data {@code rev} = the Capability's parameter {@code rev}. Build and Update
 * both put on it what only the operator or the API server sets ({@link #inject}); Update answers
 * changed whenever the live object's {@code rev} is not the parameter's.
 */
final class MetadataResource extends TestResource {

    static final String INJECTED_UID = "injected-uid";

    MetadataResource() {
        super("metadata");
    }

    @Override
    public List<DependentResource> dependentResourcesWith(Capability owner) {
        String name = owner.getMetadata().getName() + "-meta";
        String rev = owner.getSpec().parameter("rev").orElse("1");
        return List.of(new DependentResource() {
            @Override
            public DependentKey key() {
                return DependentKey.of("v1", "ConfigMap", name);
            }

            @Override
            public DependentResourceConfig config() {
                return DependentResourceConfig.defaults().withUpdated(true);
            }

            @Override
            public HasMetadata build() {
                ConfigMap built = new ConfigMapBuilder().withNewMetadata().withName(name)
                        .withLabels(Map.of("app", "kept")).withAnnotations(Map.of("note", "kept")).endMetadata()
                        .withData(Map.of("rev", rev)).build();
                inject(built.getMetadata());
                return built;
            }

            @Override
            public UpdateResult update(HasMetadata live) {
                ConfigMap current = (ConfigMap) live;
                if (rev.equals(current.getData().get("rev"))) {
                    return UpdateResult.unchanged();
                }
                ConfigMap changed = new ConfigMapBuilder(current).withData(Map.of("rev", rev)).build();
                inject(changed.getMetadata());
                changed.getMetadata().setResourceVersion("1"); // stale: the operator must send the live one
                return UpdateResult.changed(changed);
            }
        });
    }

    /**
     * A second controller and an owner elsewhere, a finalizer, labels and annotations under the
     * operator's prefix (attaching the object to another Capability), and server-set fields.
     */
    static void inject(ObjectMeta meta) {
        meta.setOwnerReferences(List.of(
                new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment").withName("hijacker")
                        .withUid("uid-of-a-deployment").withController(true).withBlockOwnerDeletion(true).build(),
                new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap").withName("in-kube-system")
                        .withUid("uid-of-a-kube-system-object").build()));
        meta.setFinalizers(List.of("evil.example.com/never-delete"));
        meta.getLabels().put("halkyon.io/capability", "victim");
        meta.getLabels().put("halkyon.io/capability-namespace", "kube-system");
        meta.getAnnotations().put("halkyon.io/owner", "plugin");
        meta.getAnnotations().put("ops.halkyon.io/x", "y");
        meta.setUid(INJECTED_UID);
        meta.setGeneration(42L);
        meta.setDeletionTimestamp("2020-01-01T00:00:00Z");
        meta.setManagedFields(List.of(new ManagedFieldsEntryBuilder().withManager("plugin").withOperation("Update")
                .build()));
    }
}
