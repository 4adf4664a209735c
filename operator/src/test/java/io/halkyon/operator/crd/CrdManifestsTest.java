package io.halkyon.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrdManifestsTest {

    /** Where the deployment files keep the CRDs; run with -Dhalkyon.deploy.update=true to rewrite them. */
    private static final Path DEPLOY = Path.of("deploy", "crds");

    private final KubernetesSerialization json = new KubernetesSerialization();

    @Test
    void capabilityCrdIsNamespacedWithStatusShortNameAndColumnsInDeclaredOrder() {
        CustomResourceDefinition crd = CrdManifests.load().get(0);

        assertThat(crd.getMetadata().getName()).isEqualTo("capabilities.halkyon.io");
        assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
        assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("cap");
        assertThat(crd.getSpec().getVersions()).singleElement().satisfies(version -> {
            assertThat(version.getName()).isEqualTo("v1beta1");
            assertThat(version.getSubresources().getStatus()).isNotNull();
            assertThat(version.getAdditionalPrinterColumns()).extracting(CustomResourceColumnDefinition::getName)
                    .containsExactly("Category", "Type", "Version", "Ready", "Reason", "Message", "Plugin", "Age");
            assertThat(version.getAdditionalPrinterColumns().get(3).getJsonPath())
                    .isEqualTo(".status.conditions[?(@.type==\"Ready\")].status");
            var status = version.getSchema().getOpenAPIV3Schema().getProperties().get("status").getProperties();
            assertThat(status).containsKeys("conditions", "dependents", "observedGeneration", "plugin",
                    "reason", "message", "lastUpdate");
            assertThat(status.get("conditions").getItems().getSchema().getProperties())
                    .as("the standard fields, and those of the dependents' conditions the first format kept there,"
                            + " so the API server does not prune statuses written by earlier versions")
                    .containsKeys("type", "status", "reason", "message", "lastTransitionTime", "observedGeneration",
                            "dependentType", "dependentName", "attributes");
        });
    }

    @Test
    void capabilityInfoCrdIsClusterScoped() {
        CustomResourceDefinition crd = CrdManifests.load().get(1);

        assertThat(crd.getMetadata().getName()).isEqualTo("capabilityinfos.halkyon.io");
        assertThat(crd.getSpec().getScope()).isEqualTo("Cluster");
        assertThat(crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns())
                .extracting(CustomResourceColumnDefinition::getName)
                .containsExactly("Category", "Type", "Versions", "Plugin", "Connections", "Age");
    }

    @Test
    void deploymentFilesHoldTheGeneratedCrds() throws IOException {
        List<CustomResourceDefinition> generated = CrdManifests.load();
        boolean update = Boolean.getBoolean("halkyon.deploy.update");
        for (CustomResourceDefinition crd : generated) {
            Path file = DEPLOY.resolve(crd.getMetadata().getName() + ".yaml");
            if (update) {
                Files.createDirectories(DEPLOY);
                Files.writeString(file, "# Generated from the Java model by the build; do not edit. Rewrite with:\n"
                        + "#   ./mvnw -B -pl operator verify -Dhalkyon.deploy.update=true\n"
                        + json.asYaml(crd), StandardCharsets.UTF_8);
            }
            assertThat(file).as("%s is missing: rewrite with -Dhalkyon.deploy.update=true", file).isRegularFile();
            CustomResourceDefinition deployed = json.unmarshal(Files.readString(file), CustomResourceDefinition.class);
            assertThat(deployed).as("%s differs from the CRD generated from the Java model: rewrite it with"
                    + " -Dhalkyon.deploy.update=true", file).isEqualTo(crd);
        }
    }
}
