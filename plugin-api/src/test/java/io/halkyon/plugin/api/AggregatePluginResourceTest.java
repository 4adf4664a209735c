package io.halkyon.plugin.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import org.junit.jupiter.api.Test;

class AggregatePluginResourceTest {

    private static PluginResource resource(String category, String type) {
        return new PluginResource() {
            @Override
            public String category() {
                return category;
            }

            @Override
            public List<TypeInfo> types() {
                return List.of(TypeInfo.of(type, "1"));
            }

            @Override
            public List<String> checkValidity(Capability owner) {
                return List.of("checked by " + type);
            }

            @Override
            public List<DependentResource> dependentResourcesWith(Capability owner) {
                return List.of(new DependentResource() {
                    @Override
                    public DependentKey key() {
                        return new DependentKey("", "v1", "ConfigMap", type);
                    }

                    @Override
                    public HasMetadata build() {
                        return new ConfigMapBuilder().withNewMetadata().withName(type).endMetadata().build();
                    }
                });
            }
        };
    }

    private static Capability capability(String type) {
        return Capability.of("c", "ns", new CapabilitySpec("database", type, "", List.of()));
    }

    @Test
    void dispatchesEachCapabilityToTheResourceOfItsTypeIgnoringCase() {
        AggregatePluginResource aggregate = AggregatePluginResource.of(resource("database", "postgres"),
                resource("Database", "mysql"));

        assertThat(aggregate.name()).isEqualTo("database");
        assertThat(aggregate.types()).extracting(TypeInfo::type).containsExactly("postgres", "mysql");
        assertThat(aggregate.dependentResourcesWith(capability("MySQL")).get(0).key().name()).isEqualTo("mysql");
        assertThat(aggregate.checkValidity(capability("postgres"))).containsExactly("checked by postgres");
    }

    @Test
    void anUnknownTypeIsAnErrorNamingWhatIsProvided() {
        AggregatePluginResource aggregate = AggregatePluginResource.named("dbs",
                List.of(resource("database", "postgres")));

        assertThatThrownBy(() -> aggregate.dependentResourcesWith(capability("oracle")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'dbs'").hasMessageContaining("'oracle'").hasMessageContaining("[postgres]");
    }

    @Test
    void refusesMixedCategoriesAndDuplicateTypes() {
        assertThatThrownBy(() -> AggregatePluginResource.of(resource("database", "postgres"), resource("cache", "redis")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one category");
        assertThatThrownBy(() -> AggregatePluginResource.of(resource("database", "postgres"),
                resource("database", "POSTGRES")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("declared by two resources");
    }
}
