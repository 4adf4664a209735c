package io.halkyon.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The manifests of {@code operator/deploy} as an admin gets them: {@code kubectl kustomize} of an
 * overlay, parsed by fabric8. The {@code kubectl} is env {@code KUBECTL}, else the one on PATH;
 * without one the tests are skipped, unless {@code HALKYON_REQUIRE_KUBECTL=1} (set by
 * {@code .ci/run}, which installs Debian's) makes that a failure. Each overlay is rendered once
 * per JVM.
 */
final class Kustomize {

    /** The module's directory is the tests' working directory. */
    static final Path DEPLOY = Path.of("deploy");
    /** The default overlay: plugins from images. */
    static final String DEFAULT = "plugin-images";
    /** Every overlay an admin may apply. */
    static final List<String> OVERLAYS = List.of(DEFAULT, "downloads", "remote-plugins",
            "remote-plugins-kube-rbac-proxy");

    /**
     * What kustomize may say on stderr and still be right: newer versions warn about the fields
     * the manifests keep for Debian's kubectl 1.20 (kustomize v2.0.3), which has no others.
     */
    private static final Pattern DEPRECATION = Pattern.compile(
            "# Warning: '(bases|patchesStrategicMerge)' is deprecated\\..*");
    private static final Map<String, List<HasMetadata>> RENDERED = new ConcurrentHashMap<>();

    private Kustomize() {
    }

    /** The rendered objects of {@code overlays/<name>}. */
    static List<HasMetadata> overlay(String name) {
        return RENDERED.computeIfAbsent(name, n -> render(DEPLOY.resolve("overlays").resolve(n)));
    }

    /** {@code kubectl kustomize dir}: fails on a non-zero exit or on stderr other than deprecation warnings. */
    static List<HasMetadata> render(Path dir) {
        String kubectl = kubectl();
        try {
            Process process = new ProcessBuilder(kubectl, "kustomize", dir.toString()).start();
            process.getOutputStream().close();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            String out = read(process.getInputStream());
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                fail(kubectl + " kustomize " + dir + " did not finish in 2 minutes");
            }
            String errText = err.join();
            assertThat(process.exitValue()).as("%s kustomize %s failed:\n%s", kubectl, dir, errText).isZero();
            assertThat(errText.lines().filter(l -> !l.isBlank() && !DEPRECATION.matcher(l).matches()))
                    .as("%s kustomize %s said more than deprecation warnings", kubectl, dir).isEmpty();
            Object parsed = new KubernetesSerialization().unmarshal(out);
            assertThat(parsed).as("%s renders a list of objects", dir).isInstanceOf(List.class);
            @SuppressWarnings("unchecked")
            List<HasMetadata> objects = List.copyOf((List<HasMetadata>) parsed);
            return objects;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + kubectl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The kubectl to run, or the test is skipped (failed under HALKYON_REQUIRE_KUBECTL=1). */
    static String kubectl() {
        String configured = System.getenv("KUBECTL");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String path = System.getenv("PATH") == null ? "" : System.getenv("PATH");
        return Stream.of(path.split(File.pathSeparator)).filter(d -> !d.isEmpty()).map(d -> Path.of(d, "kubectl"))
                .filter(Files::isExecutable).findFirst().map(Path::toString).orElseGet(() -> {
                    String message = "the deploy manifests are rendered with kubectl kustomize: no kubectl on PATH"
                            + " (set KUBECTL, or install Debian's kubernetes-client: bash .ci/kubectl)";
                    if ("1".equals(System.getenv("HALKYON_REQUIRE_KUBECTL"))) {
                        fail(message);
                    }
                    assumeTrue(false, message);
                    return null;
                });
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
