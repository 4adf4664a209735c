package io.halkyon.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.halkyon.operator.support.OperatorProcess;
import java.io.IOException;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The production jar carries no API server: neither fabric8's mock server nor its web stack
 * (Vert.x, unshaded Netty) nor the demo. They are in the demo jar (module operator-demo) only.
 */
class ProductionJarIT {

    /** Entry prefixes of the embedded cluster, the mock server and what only they bring. */
    private static final List<String> DEMO_ONLY = List.of(
            "io/halkyon/operator/embedded/",
            "io/halkyon/operator/demo/",
            "io/fabric8/mockwebserver/",
            "io/fabric8/kubernetes/client/server/mock/",
            "io/vertx/",
            "io/netty/", // gRPC's Netty is shaded under io/grpc/netty/shaded/
            "okhttp3/",
            "META-INF/maven/io.fabric8/kubernetes-server-mock/",
            "META-INF/maven/io.fabric8/mockwebserver/");

    @Test
    void theProductionJarHasNoApiServerNorItsWebStack() throws IOException {
        try (ZipFile jar = new ZipFile(OperatorProcess.jar().toFile())) {
            List<String> entries = jar.stream().map(ZipEntry::getName).toList();

            assertThat(entries).as("the operator itself is there").contains("io/halkyon/operator/HalkyonOperator.class",
                    "io/fabric8/kubernetes/client/KubernetesClient.class");
            assertThat(entries).as("entries of the demo only").filteredOn(e -> DEMO_ONLY.stream().anyMatch(e::startsWith))
                    .isEmpty();
        }
    }
}
