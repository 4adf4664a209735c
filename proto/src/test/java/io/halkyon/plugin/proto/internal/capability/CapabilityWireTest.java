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
}
