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
        capability.getStatus().getDependents().add(condition);
        CapabilityCondition ready = new CapabilityCondition(CapabilityCondition.READY, CapabilityCondition.FALSE,
                "DependentsNotReady", "0/1 replicas ready");
        ready.setObservedGeneration(3L);
        ready.setLastTransitionTime("2026-01-01T10:00:00Z");
        capability.getStatus().getConditions().add(ready);
        capability.getStatus().setObservedGeneration(3L);
        capability.getStatus().setPlugin("postgres");

        Capability read = json.unmarshal(json.asJson(capability), Capability.class);

        assertThat(read.getSpec()).isEqualTo(capability.getSpec());
        assertThat(read.getStatus()).isEqualTo(capability.getStatus());
        assertThat(read.getStatus().ready()).contains(ready);
        assertThat(DependentKey.of("apps/v1", "StatefulSet", "db").apiVersion()).isEqualTo("apps/v1");
        assertThat(DependentKey.of("v1", "Secret", "db").group()).isEmpty();
    }

    @Test
    void readsAStatusWrittenBeforeTheReadyConditionWithItsDependentsConditions() {
        String old = """
                {"apiVersion": "halkyon.io/v1beta1", "kind": "Capability",
                 "metadata": {"name": "db", "namespace": "demo", "generation": 1},
                 "spec": {"category": "database", "type": "postgres"},
                 "status": {"reason": "Pending", "message": "StatefulSet db: 0/1 replicas ready",
                   "lastUpdate": "2025-06-01T10:00:00Z",
                   "conditions": [
                     {"type": "Ready", "reason": "Ready", "message": "created", "dependentType": "Secret",
                      "dependentName": "db-config", "lastTransitionTime": "2025-06-01T09:59:00Z"},
                     {"type": "Pending", "reason": "NotReady", "message": "0/1 replicas ready",
                      "dependentType": "StatefulSet", "dependentName": "db",
                      "lastTransitionTime": "2025-06-01T10:00:00Z", "attributes": {"replicas": "1"}}]}}
                """;

        CapabilityStatus status = json.unmarshal(old, Capability.class).getStatus();

        assertThat(status.getReason()).isEqualTo(CapabilityStatus.PENDING);
        assertThat(status.getMessage()).isEqualTo("StatefulSet db: 0/1 replicas ready");
        assertThat(status.getLastUpdate()).isEqualTo("2025-06-01T10:00:00Z");
        assertThat(status.getConditions()).as("no standard condition in the old format").isEmpty();
        assertThat(status.ready()).isEmpty();
        assertThat(status.getDependents()).extracting(DependentCondition::getDependentName)
                .containsExactly("db-config", "db");
        DependentCondition statefulSet = status.getDependents().get(1);
        assertThat(statefulSet.getType()).isEqualTo(DependentCondition.PENDING);
        assertThat(statefulSet.getReason()).isEqualTo("NotReady");
        assertThat(statefulSet.getDependentType()).isEqualTo("StatefulSet");
        assertThat(statefulSet.getLastTransitionTime()).isEqualTo("2025-06-01T10:00:00Z");
        assertThat(statefulSet.getAttributes()).containsEntry("replicas", "1");
        assertThat(json.asJson(status)).as("the old entries are written back as dependents only")
                .doesNotContain("\"conditions\":[{").contains("\"dependents\":[{");
    }
}
