package io.halkyon.operator.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.halkyon.operator.crd.CapabilityInfo;
import io.halkyon.operator.embedded.EmbeddedCluster;
import io.halkyon.operator.render.CapabilityFiles;
import io.halkyon.plugin.api.Capability;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real operator, the production jar {@code target/halkyon-operator.jar}, in a JVM of its own:
 * {@code run} with a plugins directory, against an {@link EmbeddedCluster} in this JVM named by a
 * kubeconfig ({@code --kubeconfig}) as a real cluster would be, with the samples created in it;
 * output to files. Closing kills it and every process it started that is still there, then stops
 * the cluster (unless the caller owns it: {@link #startOn}).
 */
public final class OperatorProcess implements AutoCloseable {

    private final EmbeddedCluster cluster;
    private final boolean ownsCluster;
    private final List<Capability> samples;
    private final Process process;
    private final Path out;
    private final Path err;
    private final List<ProcessHandle> seenPlugins = new ArrayList<>();

    private OperatorProcess(EmbeddedCluster cluster, boolean ownsCluster, List<Capability> samples, Process process,
                            Path out, Path err) {
        this.cluster = cluster;
        this.ownsCluster = ownsCluster;
        this.samples = samples;
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** The shaded jar the build made; failsafe passes its path. */
    public static Path jar() {
        String property = System.getProperty("operator.jar");
        assertThat(property).as("system property operator.jar (set by the failsafe configuration)").isNotBlank();
        Path jar = Path.of(property);
        assertThat(jar).as("the operator jar built by the package phase").isRegularFile();
        return jar;
    }

    /** Starts {@code java -jar halkyon-operator.jar run ...}; output goes under {@code workDir}. */
    public static OperatorProcess start(Path workDir, Path pluginsDir, Path samples) throws IOException {
        return start(workDir, pluginsDir, samples, workDir.resolve("state"));
    }

    /** The same, with the given {@code --state-dir}: a second operator of the same plugins finds the first's record. */
    public static OperatorProcess start(Path workDir, Path pluginsDir, Path samples, Path stateDir) throws IOException {
        List<Capability> sampleCapabilities = CapabilityFiles.readDirectory(samples);
        EmbeddedCluster cluster = TestCluster.start();
        try {
            for (Capability sample : sampleCapabilities) {
                sample.getMetadata().setNamespace("default");
                cluster.client().resource(sample).create();
            }
            return launch(cluster, true, sampleCapabilities, workDir, pluginsDir, stateDir, Map.of(), List.of());
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * Starts the operator jar on {@code cluster}, which the caller owns (several operators may
     * share it), with {@code env} added to its environment and {@code extraArgs} after {@code run}'s;
     * its state directory and output under {@code workDir}. {@link #awaitRunningWithPlugins}
     * checks no samples here.
     */
    public static OperatorProcess startOn(EmbeddedCluster cluster, Path workDir, Path pluginsDir,
                                          Map<String, String> env, String... extraArgs) throws IOException {
        return launch(cluster, false, List.of(), workDir, pluginsDir, workDir.resolve("state"), env,
                List.of(extraArgs));
    }

    private static OperatorProcess launch(EmbeddedCluster cluster, boolean ownsCluster, List<Capability> samples,
                                          Path workDir, Path pluginsDir, Path stateDir, Map<String, String> env,
                                          List<String> extraArgs)
            throws IOException {
        Path kubeconfig = Files.writeString(workDir.resolve("kubeconfig"), cluster.kubeconfig("default", "not-checked"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar().toString(),
                "run", "--kubeconfig", kubeconfig.toString(), "--plugins-dir", pluginsDir.toString(),
                "--call-timeout", "10s", "--state-dir", stateDir.toString()));
        command.addAll(extraArgs);
        Path out = workDir.resolve("operator.out");
        Path err = workDir.resolve("operator.err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().put("HALKYON_LOG_LEVEL", "INFO");
        builder.environment().putAll(env);
        return new OperatorProcess(cluster, ownsCluster, samples, builder.start(), out, err);
    }


    /**
     * Waits until the operator runs (it wrote a status on every sample) with {@code plugins}
     * plugin processes, each running (it published their CapabilityInfos: the plugins the tests
     * give it offer one type each); returns them.
     */
    public List<ProcessHandle> awaitRunningWithPlugins(int plugins) {
        await().atMost(OperatorFixture.WAIT).pollInterval(Duration.ofMillis(100))
                .failFast("the operator exited: " + describe(), () -> !process.isAlive())
                .until(() -> samplesHaveStatus() && plugins().size() >= plugins
                        && cluster.client().resources(CapabilityInfo.class).list().getItems().size() >= plugins);
        List<ProcessHandle> found = plugins();
        seenPlugins.addAll(found);
        return found;
    }

    private boolean samplesHaveStatus() {
        return samples.stream().allMatch(sample -> {
            Capability live = cluster.client().resources(Capability.class).inNamespace("default")
                    .withName(sample.getMetadata().getName()).get();
            return live != null && live.getStatus() != null;
        });
    }

    /** The live processes the operator JVM started (its descendants). */
    public List<ProcessHandle> plugins() {
        return process.descendants().filter(ProcessHandle::isAlive).toList();
    }

    public Process process() {
        return process;
    }

    public String stdout() {
        return read(out);
    }

    public String stderr() {
        return read(err);
    }

    /** Exit status, stdout and the end of stderr, for assertion messages. */
    public String describe() {
        String errText = stderr();
        return "exit " + (process.isAlive() ? "(running)" : process.exitValue()) + "\n--- stdout\n" + stdout()
                + "\n--- stderr (end)\n" + errText.substring(Math.max(0, errText.length() - 4000));
    }

    /**
     * Whether {@code process} has exited. A zombie counts as exited: once the operator is gone,
     * its plugins' new parent reaps them when it gets to it.
     */
    public static boolean exited(ProcessHandle process) {
        if (!process.isAlive()) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return true; // no /proc entry: gone
        }
    }

    /** The process's command line from {@code /proc} (ProcessHandle.Info may leave out long ones); empty if gone. */
    public static String commandLine(ProcessHandle process) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    @Override
    public void close() {
        List<ProcessHandle> all = new ArrayList<>(seenPlugins);
        all.addAll(process.descendants().toList());
        process.destroyForcibly();
        all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (ownsCluster) {
                cluster.close();
            }
        }
    }
}
