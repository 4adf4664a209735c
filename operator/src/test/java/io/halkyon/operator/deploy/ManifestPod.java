package io.halkyon.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.halkyon.operator.HalkyonOperator;
import io.halkyon.operator.support.OperatorProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator container of a rendered Deployment, started as the kubelet would start it but as
 * a process of this machine: the production jar with the JVM options of the container's command
 * (after {@code tini --}), its args, its env (configMapKeyRef, secretKeyRef and the pod's
 * namespace resolved from the rendered objects). Each volume mount must be an emptyDir: its path
 * becomes a directory under {@code work} (the {@code /tmp} mount, the JVM's temporary directory);
 * a container port named in an env value gets a free port of this machine. Anything else the
 * test cannot honour fails: the manifest and the command line cannot drift apart unnoticed.
 * The API server is the one of {@code kubeconfig}, as a pod's service account would give it.
 */
final class ManifestPod {

    private ManifestPod() {
    }

    /** A started operator, its mapped directories and ports. */
    record Started(Process process, Map<String, Path> mounts, Map<Integer, Integer> ports, Path err) {
    }

    static Started start(List<HasMetadata> objects, Deployment deployment, Path kubeconfig, Path work)
            throws IOException {
        Container operator = DeployManifestsTest.operator(deployment);
        String namespace = deployment.getMetadata().getNamespace();
        Map<String, Path> mounts = new LinkedHashMap<>();
        for (VolumeMount mount : operator.getVolumeMounts()) {
            Volume volume = deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                    .filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
            assertThat(volume.getEmptyDir()).as("volume %s: this test lays out emptyDirs only", volume.getName())
                    .isNotNull();
            mounts.put(mount.getMountPath(), Files.createDirectories(work.resolve("volumes").resolve(volume.getName())));
        }
        Map<Integer, Integer> ports = new LinkedHashMap<>();
        for (ContainerPort port : operator.getPorts()) {
            ports.put(port.getContainerPort(), freePort());
        }

        List<String> command = new ArrayList<>(operator.getCommand());
        assertThat(command).as("the container's command").startsWith("/usr/bin/tini", "--", "java");
        int jar = command.indexOf("-jar");
        assertThat(jar).as("java ... -jar <the operator jar>").isEqualTo(command.size() - 2);
        List<String> full = new ArrayList<>();
        full.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        full.addAll(command.subList(3, jar));
        if (mounts.containsKey("/tmp")) {
            full.add("-Djava.io.tmpdir=" + mounts.get("/tmp"));
        }
        full.addAll(List.of("-jar", OperatorProcess.jar().toString()));
        List<String> args = operator.getArgs().stream().map(a -> mapPaths(a, mounts)).toList();
        // Unknown options fail here, before anything starts.
        HalkyonOperator.commandLine().parseArgs(args.toArray(String[]::new));
        full.addAll(args);

        ProcessBuilder builder = new ProcessBuilder(full);
        Map<String, String> env = builder.environment();
        String path = env.get("PATH");
        env.clear();
        env.put("PATH", path);
        env.put("HOME", Files.createDirectories(work.resolve("home")).toString());
        env.put("KUBECONFIG", kubeconfig.toString());
        if (mounts.containsKey("/tmp")) {
            env.put("TMPDIR", mounts.get("/tmp").toString());
        }
        for (EnvVar var : operator.getEnv()) {
            String value = var.getValueFrom() == null ? var.getValue() : resolve(var, objects, namespace);
            if (value != null) {
                for (Map.Entry<Integer, Integer> p : ports.entrySet()) {
                    value = value.replace(":" + p.getKey(), ":" + p.getValue());
                }
                env.put(var.getName(), mapPaths(value, mounts));
            }
        }
        Path err = work.resolve("operator.err");
        builder.redirectOutput(work.resolve("operator.out").toFile()).redirectError(err.toFile());
        return new Started(builder.start(), mounts, ports, err);
    }

    private static String mapPaths(String value, Map<String, Path> mounts) {
        for (Map.Entry<String, Path> m : mounts.entrySet()) {
            if (value.equals(m.getKey()) || value.startsWith(m.getKey() + "/")) {
                return m.getValue() + value.substring(m.getKey().length());
            }
        }
        return value;
    }

    private static String resolve(EnvVar var, List<HasMetadata> objects, String namespace) {
        EnvVarSource from = var.getValueFrom();
        if (from.getConfigMapKeyRef() != null) {
            String name = from.getConfigMapKeyRef().getName();
            String value = objects.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                    .filter(c -> c.getMetadata().getName().equals(name) && namespace.equals(c.getMetadata().getNamespace()))
                    .findFirst().map(c -> c.getData().get(from.getConfigMapKeyRef().getKey())).orElse(null);
            assertThat(value != null || Boolean.TRUE.equals(from.getConfigMapKeyRef().getOptional()))
                    .as("env %s: ConfigMap %s key %s is in the manifests", var.getName(), name,
                            from.getConfigMapKeyRef().getKey()).isTrue();
            return value;
        }
        if (from.getSecretKeyRef() != null) {
            String name = from.getSecretKeyRef().getName();
            String value = objects.stream().filter(Secret.class::isInstance).map(Secret.class::cast)
                    .filter(s -> s.getMetadata().getName().equals(name) && namespace.equals(s.getMetadata().getNamespace()))
                    .findFirst().map(s -> s.getStringData() != null && s.getStringData().containsKey(
                            from.getSecretKeyRef().getKey()) ? s.getStringData().get(from.getSecretKeyRef().getKey())
                            : s.getData() == null || s.getData().get(from.getSecretKeyRef().getKey()) == null ? null
                            : new String(Base64.getDecoder().decode(s.getData().get(from.getSecretKeyRef().getKey())),
                            StandardCharsets.UTF_8)).orElse(null);
            assertThat(value != null || Boolean.TRUE.equals(from.getSecretKeyRef().getOptional()))
                    .as("env %s: Secret %s key %s is in the manifests", var.getName(), name,
                            from.getSecretKeyRef().getKey()).isTrue();
            return value;
        }
        if (from.getFieldRef() != null && from.getFieldRef().getFieldPath().equals("metadata.namespace")) {
            return namespace;
        }
        throw new AssertionError("env " + var.getName() + ": " + from + " is not something this test can resolve");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
