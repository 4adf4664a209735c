package io.halkyon.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * What can be checked of the images without a container engine (none here): each Containerfile
 * copies files the build makes (this runs after package), both use the one pinned JRE (a jar's
 * class data sharing archive works only with the runtime that made it), their build commands tag
 * the images the manifests name, and the operator's ENTRYPOINT is the Deployment's command.
 */
class ContainerfilesIT {

    private static final BuildImages IMAGES = BuildImages.load();

    @Test
    void everyFileTheImagesCopyFromTheBuildExistsAfterPackage() throws IOException {
        for (Containerfile file : new Containerfile[] {Containerfile.read(Containerfile.OPERATOR),
                Containerfile.read(Containerfile.POSTGRES_PLUGIN)}) {
            assertThat(file.fromBuild("build", "/src")).as("%s copies from its build stage", file.file()).isNotEmpty()
                    .allSatisfy(p -> assertThat(p).as("%s: a file the build makes", file.file()).isRegularFile());
            assertThat(file.copies()).filteredOn(c -> c.from() == null).as("%s: only the checkout from the context",
                    file.file()).extracting(Containerfile.Copy::source).containsOnly(".");
        }
    }

    @Test
    void bothImagesRunOnTheSamePinnedJre() throws IOException {
        String operator = Containerfile.read(Containerfile.OPERATOR).args().get("JRE_IMAGE");
        String plugin = Containerfile.read(Containerfile.POSTGRES_PLUGIN).args().get("JRE_IMAGE");

        assertThat(operator).isEqualTo(plugin).matches("eclipse-temurin:17\\.\\d+\\.\\d+_\\d+-jre-\\w+");
    }

    @Test
    void theBuildCommandsTagTheImagesTheManifestsName() throws IOException {
        assertThat(Containerfile.read(Containerfile.OPERATOR).tag()).isEqualTo(IMAGES.operator());
        assertThat(Containerfile.read(Containerfile.POSTGRES_PLUGIN).tag()).isEqualTo(IMAGES.postgresPlugin());
    }

    @Test
    void theOperatorRunsAsTheDeploymentSaysAndThePluginImageCopiesIntoTheInitContainersMount() throws IOException {
        Deployment deployment = Kustomize.overlay(Kustomize.DEFAULT).stream().filter(Deployment.class::isInstance)
                .map(Deployment.class::cast).findFirst().orElseThrow();
        Container init = deployment.getSpec().getTemplate().getSpec().getInitContainers().get(0);
        Containerfile plugin = Containerfile.read(Containerfile.POSTGRES_PLUGIN);

        assertThat(Containerfile.read(Containerfile.OPERATOR).entrypoint()).as("operator/Containerfile ENTRYPOINT")
                .isEqualTo(DeployManifestsTest.operator(deployment).getCommand());
        assertThat(plugin.entrypoint()).containsExactly("cp", "-R", "-p", "/plugins/.",
                init.getVolumeMounts().get(0).getMountPath() + "/");
        assertThat(plugin.copies()).last().satisfies(c -> assertThat(c.destination()).isEqualTo("/plugins/"));
    }
}
