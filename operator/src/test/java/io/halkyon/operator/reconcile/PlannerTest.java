package io.halkyon.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilitySpec;
import io.halkyon.plugin.api.DependentCondition;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.DependentResourceConfig;
import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.api.TypeInfo;
import io.halkyon.plugin.api.UpdateResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The one planner, in-process: what it plans against nothing and against live objects. */
class PlannerTest {

    private final Planner planner = new Planner(new ScopeResolver(null), OperatorSettings.builder().build());

    /** A plugin that declares these dependents, and finds the Capability invalid for these reasons. */
    private record ListPlugin(List<DependentResource> dependents, List<String> problems) implements Plugin {
        ListPlugin(DependentResource... dependents) {
            this(List.of(dependents), List.of());
        }

        @Override
        public String name() {
            return "lister";
        }

        @Override
        public String version() {
            return "1";
        }

        @Override
        public String category() {
            return "test";
        }

        @Override
        public List<TypeInfo> types() {
            return List.of(TypeInfo.of("list"));
        }

        @Override
        public List<String> checkValidity(Capability owner) {
            return problems;
        }

        @Override
        public List<DependentResource> readyFor(Capability owner) {
            return dependents;
        }

        @Override
        public void kill() {
        }
    }

    private static Capability owner() {
        Capability owner = Capability.of("db", "apps", new CapabilitySpec("test", "list", null, List.of()));
        owner.getMetadata().setUid("owner-uid");
        return owner;
    }

    private static ConfigMap configMap(String name, String namespace, String value) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withData(Map.of("k", value)).build();
    }

    private static DependentResource dependent(String name, DependentResourceConfig config,
                                               Supplier<HasMetadata> build) {
        return new DependentResource() {
            @Override
            public DependentKey key() {
                return DependentKey.of("v1", "ConfigMap", name);
            }

            @Override
            public DependentResourceConfig config() {
                return config;
            }

            @Override
            public HasMetadata build() {
                return build.get();
            }

            @Override
            public UpdateResult update(HasMetadata live) {
                ConfigMap changed = configMap(name, null, "changed");
                changed.getMetadata().setLabels(live.getMetadata().getLabels());
                return UpdateResult.changed(changed);
            }
        };
    }

    private static DependentResource configMapDependent(String name) {
        return dependent(name, DependentResourceConfig.defaults(), () -> configMap(name, null, "v"));
    }

    /** What exists: these objects by name. */
    private static LiveObjects existing(HasMetadata... objects) {
        Map<String, HasMetadata> byName = new HashMap<>();
        for (HasMetadata o : objects) {
            byName.put(o.getMetadata().getName(), o);
        }
        return (key, namespace) -> byName.get(key.name());
    }

    @Test
    void againstNothingEveryCreatedDependentIsBuiltAndPreparedInOrder() {
        Plan plan = planner.plan(owner(), new ListPlugin(configMapDependent("a"), configMapDependent("b")),
                LiveObjects.NONE);

        assertThat(plan.failed()).isFalse();
        assertThat(plan.writes()).extracting(o -> o.getMetadata().getName()).containsExactly("a", "b");
        assertThat(plan.writes()).allSatisfy(o -> {
            assertThat(o.getMetadata().getNamespace()).isEqualTo("apps");
            assertThat(o.getMetadata().getLabels()).containsEntry(DependentObjects.CAPABILITY_LABEL, "db")
                    .containsEntry(DependentObjects.CAPABILITY_NAMESPACE_LABEL, "apps");
            assertThat(DependentObjects.isOwnedBy(o, owner())).isTrue();
        });
    }

    @Test
    void notOwnedMeansNoOwnerReferenceAndNotCreatedMeansAwaitedNotBuilt() {
        DependentResource unowned = dependent("unowned", DependentResourceConfig.defaults().withOwned(false),
                () -> configMap("unowned", null, "v"));
        DependentResource awaited = dependent("awaited", DependentResourceConfig.defaults().withCreated(false)
                .withCheckedForReadiness(true), () -> {
                    throw new AssertionError("an object the operator does not create is never built");
                });

        Plan plan = planner.plan(owner(), new ListPlugin(unowned, awaited), LiveObjects.NONE);

        assertThat(plan.writes()).singleElement().satisfies(o -> {
            assertThat(o.getMetadata().getName()).isEqualTo("unowned");
            assertThat(o.getMetadata().getOwnerReferences()).isNullOrEmpty();
        });
        assertThat(plan.steps().get(1).fixedCondition.getType()).isEqualTo(DependentCondition.PENDING);
    }

    @Test
    void oneRefusedObjectFailsThePlanAndNothingIsToBeWritten() {
        DependentResource elsewhere = dependent("elsewhere", DependentResourceConfig.defaults(),
                () -> configMap("elsewhere", "other", "v"));

        Plan plan = planner.plan(owner(), new ListPlugin(configMapDependent("fine"), elsewhere), LiveObjects.NONE);

        assertThat(plan.failed()).isTrue();
        assertThat(plan.writes()).isEmpty();
        assertThat(plan.failure()).isEqualTo("nothing was applied for plugin 'lister': ConfigMap elsewhere: plugin"
                + " 'lister' built an object for dependent v1/ConfigMap/elsewhere that the operator refuses: namespace"
                + " 'other' is not the Capability's namespace 'apps'");
        assertThat(plan.blockers()).singleElement().satisfies(c -> assertThat(c.getReason()).isEqualTo("Rejected"));
    }

    @Test
    void theSizeLimitIsTheSettingsOne() {
        Planner small = new Planner(new ScopeResolver(null), OperatorSettings.builder().maxObjectBytes(1024).build());
        DependentResource big = dependent("big", DependentResourceConfig.defaults(),
                () -> configMap("big", null, "x".repeat(2048)));

        assertThat(small.plan(owner(), new ListPlugin(big), LiveObjects.NONE).failure())
                .contains("over the limit of 1.0 KiB per object (--max-object-size)");
        assertThat(planner.plan(owner(), new ListPlugin(big), LiveObjects.NONE).failed()).isFalse();
    }

    @Test
    void anInvalidCapabilityOrTooManyDependentsPlanNothing() {
        Plan invalid = planner.plan(owner(), new ListPlugin(List.of(configMapDependent("a")), List.of("no name")),
                LiveObjects.NONE);
        assertThat(invalid.failure()).isEqualTo("plugin 'lister' finds the Capability invalid: no name");
        assertThat(invalid.writes()).isEmpty();

        Planner few = new Planner(new ScopeResolver(null), OperatorSettings.builder().maxDependents(2).build());
        List<DependentResource> three = IntStream.range(0, 3).mapToObj(i -> configMapDependent("c" + i)).toList();
        assertThat(few.plan(owner(), new ListPlugin(three, List.of()), LiveObjects.NONE).failure())
                .isEqualTo("plugin 'lister' declared 3 dependents for this Capability, over the limit of 2 per"
                        + " Capability (--max-dependents); nothing was applied");
    }

    @Test
    void anExistingObjectNotManagedBlocksAManagedOneUpdatedIsChanged() {
        ConfigMap foreign = configMap("a", "apps", "theirs");
        Plan conflict = planner.plan(owner(), new ListPlugin(configMapDependent("a")), existing(foreign));
        assertThat(conflict.failure()).contains("ConfigMap a already exists and is not managed by Capability db");

        ConfigMap managed = configMap("u", "apps", "v");
        managed.getMetadata().setLabels(Map.of(DependentObjects.CAPABILITY_LABEL, "db",
                DependentObjects.CAPABILITY_NAMESPACE_LABEL, "apps"));
        DependentResource updated = dependent("u", DependentResourceConfig.defaults().withUpdated(true),
                () -> configMap("u", null, "v"));
        Plan update = planner.plan(owner(), new ListPlugin(updated, configMapDependent("n")), existing(managed));
        assertThat(update.writes()).extracting(o -> o.getMetadata().getName()).containsExactly("u", "n");
        assertThat(((ConfigMap) update.writes().get(0)).getData()).containsEntry("k", "changed");
        assertThat(update.steps().get(0).toUpdate).isNotNull();
        assertThat(update.steps().get(1).toCreate).isNotNull();
    }

    @Test
    void aPluginExceptionReadsNamingThePluginOnce() {
        assertThat(Planner.failureOf(new PluginException("pg", "timed out")))
                .isEqualTo("plugin 'pg' failed: timed out");
        assertThat(Planner.failureOf(new PluginException("pg", "plugin 'pg' is restarting")))
                .isEqualTo("plugin 'pg' is restarting");
    }
}
