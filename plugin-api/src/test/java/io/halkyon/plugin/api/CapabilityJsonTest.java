package io.halkyon.plugin.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

class CapabilityJsonTest {

    private final KubernetesSerialization json = new KubernetesSerialization();

    @Test
    void readsAManifestWrittenForTheOriginalHalkyonOperator() {
        String manifest = """
                apiVersion: halkyon.io/v1beta1
                kind: Capability
                metadata:
                  name: postgres-db
                  namespace: demo
                spec:
                  category: database
                  type: postgres
                  version: "10"
                  parameters:
                    - name: DB_USER
                      value: admin
                    - name: DB_PASSWORD
                      value: secret
                """;

        Capability capability = json.unmarshal(manifest, Capability.class);

        assertThat(capability.getApiVersion()).isEqualTo(Capability.API_VERSION);
        assertThat(capability.getKind()).isEqualTo("Capability");
        assertThat(capability.getSpec().getCategory()).isEqualTo("database");
        assertThat(capability.getSpec().getVersion()).isEqualTo("10");
        assertThat(capability.getSpec().parameter("DB_USER")).contains("admin");
        assertThat(capability.getSpec().parameter("DB_NAME")).isEmpty();
    }

    @Test
    void survivesAJsonRoundTripWithItsStatus() {
        Capability capability = Capability.of("db", "demo", new CapabilitySpec("database", "postgres", "", null));
        capability.getStatus().setReason(CapabilityStatus.PENDING);
        DependentCondition condition = DependentCondition.pending("NotReady", "0/1 replicas ready");
        condition.getAttributes().put("replicas", "1");
        capability.getStatus().getConditions().add(condition);

        Capability read = json.unmarshal(json.asJson(capability), Capability.class);

        assertThat(read.getSpec()).isEqualTo(capability.getSpec());
        assertThat(read.getStatus()).isEqualTo(capability.getStatus());
        assertThat(DependentKey.of("apps/v1", "StatefulSet", "db").apiVersion()).isEqualTo("apps/v1");
        assertThat(DependentKey.of("v1", "Secret", "db").group()).isEmpty();
    }
}
