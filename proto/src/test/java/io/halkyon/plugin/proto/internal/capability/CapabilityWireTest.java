package io.halkyon.plugin.proto.internal.capability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.halkyon.plugin.proto.capability.v1.DependentConfig;
import org.junit.jupiter.api.Test;

/** A dependent's config from the wire: its type_name ends up in the Capability's status, so it is bounded. */
class CapabilityWireTest {

    private static DependentConfig typeName(String name) {
        return DependentConfig.newBuilder().setCreated(true).setTypeName(name).build();
    }

    @Test
    void aTypeNameOfAtMost63CharactersOfOneLinePasses() {
        assertThat(CapabilityWire.config(typeName("")).typeName()).as("empty: the kind is shown").isEmpty();
        assertThat(CapabilityWire.config(typeName("x".repeat(63))).typeName()).hasSize(63);
        assertThat(CapabilityWire.config(typeName("Postgres data")).created()).isTrue();
    }

    @Test
    void aLongerTypeNameOrOneWithControlCharactersIsRefusedNamingTheField() {
        assertThatThrownBy(() -> CapabilityWire.config(typeName("x".repeat(64))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a config.type_name of 64 characters; expected at most 63");
        assertThatThrownBy(() -> CapabilityWire.config(typeName("two\nlines")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a config.type_name with control characters; expected one line of text");
    }

    private static io.halkyon.plugin.proto.capability.v1.DependentKey key(String group, String kind, String name) {
        return io.halkyon.plugin.proto.capability.v1.DependentKey.newBuilder().setGroup(group).setVersion("v1")
                .setKind(kind).setName(name).build();
    }

    @Test
    void aDependentKeyThatCouldLeaveItsApiPathIsRefusedNamingTheField() {
        assertThat(CapabilityWire.key(key("apps", "StatefulSet", "orders-db.v2")).name()).isEqualTo("orders-db.v2");
        assertThatThrownBy(() -> CapabilityWire.key(key("", "Secret", "..")))
                .hasMessage("field 'dependent.name' is '..'; expected a name that can be a path segment: not '.' or"
                        + " '..', without '/', '%', spaces or control characters");
        assertThatThrownBy(() -> CapabilityWire.key(key("", "Secret", "../../kube-system/secrets/x")))
                .hasMessageStartingWith("field 'dependent.name' is '../../kube-system/secrets/x'");
        assertThatThrownBy(() -> CapabilityWire.key(key("rbac.authorization.k8s.io/v1/clusterroles", "X", "a")))
                .hasMessageStartingWith("field 'dependent.group' is");
        assertThatThrownBy(() -> CapabilityWire.key(key("", "Secret%2F", "a")))
                .hasMessageStartingWith("field 'dependent.kind' is");
        assertThatThrownBy(() -> CapabilityWire.key(key("", "Secret", "x".repeat(254))))
                .hasMessage("field 'dependent.name' has 254 characters; expected at most 253");
    }
}
