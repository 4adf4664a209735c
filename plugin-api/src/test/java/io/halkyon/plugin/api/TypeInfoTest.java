package io.halkyon.plugin.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TypeInfoTest {

    @Test
    void anEmptyRequestedVersionMatchesAnyOfferedVersion() {
        assertThat(TypeInfo.of("postgres", "15", "16").offers("")).isTrue();
        assertThat(TypeInfo.of("postgres", "15", "16").offers(null)).isTrue();
    }

    @Test
    void aRequestedVersionMustBeListed() {
        assertThat(TypeInfo.of("postgres", "15", "16").offers("16")).isTrue();
        assertThat(TypeInfo.of("postgres", "15", "16").offers("9.6")).isFalse();
    }

    @Test
    void aTypeListingNoVersionsServesAny() {
        assertThat(TypeInfo.of("redis").offers("7")).isTrue();
    }

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
