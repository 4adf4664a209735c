package io.halkyon.plugin.proto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The packaged halkyon-proto jar ships {@code grpc/health/v1/health.proto} for plugin writers in
 * other languages (docs/protocol.md, section 4), as it is in the source tree, without compiling
 * it: the io.grpc.health.v1 classes come from grpc-services only.
 */
class ProtoJarIT {

    private static final String HEALTH_PROTO = "grpc/health/v1/health.proto";

    private static JarFile jar() throws IOException {
        String path = System.getProperty("proto.jar");
        assertThat(path).as("system property proto.jar (set by the pom)").isNotBlank();
        return new JarFile(path);
    }

    @Test
    void theHealthProtoIsInTheJarAtItsImportPathAsShipped() throws IOException {
        try (JarFile jar = jar()) {
            JarEntry entry = jar.getJarEntry(HEALTH_PROTO);
            assertThat(entry).as("%s in %s", HEALTH_PROTO, jar.getName()).isNotNull();
            String shipped = new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);

            assertThat(shipped).isEqualTo(Files.readString(Path.of("src/main/proto", HEALTH_PROTO)))
                    .startsWith("// Copyright 2015 The gRPC Authors")
                    .contains("Licensed under the Apache License, Version 2.0")
                    .contains("package grpc.health.v1;")
                    .contains("rpc Check(HealthCheckRequest) returns (HealthCheckResponse);");
        }
    }

    @Test
    void theJarHoldsNoSecondCopyOfGrpcsClasses() throws IOException {
        try (JarFile jar = jar()) {
            List<String> grpcClasses = jar.stream().map(JarEntry::getName)
                    .filter(name -> name.startsWith("io/grpc/")).toList();

            assertThat(grpcClasses).as("io/grpc/ entries of %s", jar.getName()).isEmpty();
            // Not vacuous: the protos that are compiled are in it, classes and sources.
            assertThat(jar.getJarEntry("io/halkyon/plugin/proto/capability/v1/CapabilityPluginGrpc.class")).isNotNull();
            assertThat(jar.getJarEntry("halkyon/capability/v1/capability.proto")).isNotNull();
        }
    }
}
