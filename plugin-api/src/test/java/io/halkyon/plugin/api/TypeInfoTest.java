package io.halkyon.plugin.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TypeInfoTest {

    @Test
    void namesMatchIgnoringCase() {
        assertThat(TypeInfo.of("Postgres").hasName("POSTGRES")).isTrue();
        assertThat(TypeInfo.of("postgres").hasName("mysql")).isFalse();
    }

    @Test
    void aBlankTypeIsRefused() {
        assertThatThrownBy(() -> TypeInfo.of(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TypeInfo.type");
    }
}
