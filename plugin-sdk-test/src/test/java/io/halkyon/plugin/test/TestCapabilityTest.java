package io.halkyon.plugin.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.Parameter;
import org.junit.jupiter.api.Test;

class TestCapabilityTest {

    @Test
    void buildsTheCapabilityTheOperatorWouldSend() {
        Capability capability = TestCapability.builder().name("orders-db").namespace("shop").category("database")
                .type("postgres").version("15").parameter("DB_USER", "shop").parameter("DB_PORT", "6543").build();

        assertThat(capability.getApiVersion()).isEqualTo("halkyon.io/v1beta1");
        assertThat(capability.getKind()).isEqualTo("Capability");
        assertThat(capability.getMetadata().getName()).isEqualTo("orders-db");
        assertThat(capability.getMetadata().getNamespace()).isEqualTo("shop");
        assertThat(capability.getSpec().getVersion()).isEqualTo("15");
        assertThat(capability.getSpec().getParameters())
                .containsExactly(new Parameter("DB_USER", "shop"), new Parameter("DB_PORT", "6543"));
    }

    @Test
    void theDefaultUidIsTheSameOnEveryRunAndDiffersByName() {
        TestCapability a = TestCapability.builder().category("c").type("t");
        String uid = a.build().getMetadata().getUid();

        assertThat(uid).isNotBlank().isEqualTo(TestCapability.builder().category("c").type("t").build().getMetadata().getUid());
        assertThat(a.name("other").build().getMetadata().getUid()).isNotEqualTo(uid);
        assertThat(a.uid("u-1").build().getMetadata().getUid()).isEqualTo("u-1");
        assertThat(TestCapability.builder().category("c").type("t").build().getMetadata().getNamespace()).isEqualTo("test");
    }

    @Test
    void categoryAndTypeAreRequired() {
        assertThatThrownBy(() -> TestCapability.builder().type("t").build())
                .hasMessageContaining("spec.category is required");
        assertThatThrownBy(() -> TestCapability.builder().category("c").build())
                .hasMessageContaining("spec.type is required");
    }
}
