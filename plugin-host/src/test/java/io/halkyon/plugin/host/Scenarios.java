package io.halkyon.plugin.host;

import io.halkyon.plugin.host.internal.JavaRuntime;
import io.halkyon.plugin.host.testplugin.ScenarioPlugin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Launch settings for the scenario plugin of the integration tests. */
final class Scenarios {

    /** Generous: JVM start on a loaded 2-core machine. Tests of the timeout itself set 1 s. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private Scenarios() {
    }

    /**
     * The command line running {@link ScenarioPlugin} as a plugin jar would run: the test classpath
     * with the SDK's JSON log provider, without the tests' logback.
     */
    static List<String> command(String scenario, String... args) {
        return commandWithClasspath(pluginClasspath(), scenario, args);
    }

    /** The command line running {@link ScenarioPlugin} with {@code classpath}. */
    static List<String> commandWithClasspath(String classpath, String scenario, String... args) {
        List<String> command = new ArrayList<>(List.of(JavaRuntime.javaExecutable(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-cp", classpath, ScenarioPlugin.class.getName(), scenario));
        command.addAll(List.of(args));
        return command;
    }

    /** The test classpath as a plugin process gets it (built by the pom: JSON logging, no logback). */
    static String pluginClasspath() {
        String classpath = System.getProperty("test.plugin.classpath");
        if (classpath == null || classpath.isBlank() || classpath.contains("${")) {
            throw new IllegalStateException("system property test.plugin.classpath is '" + classpath
                    + "': expected the plugin classpath the surefire configuration of plugin-host/pom.xml sets");
        }
        return classpath;
    }

    static PluginClientConfig.Builder config(String scenario, String... args) {
        return PluginClientConfig.builder()
                .name(scenario + "-" + Long.toHexString(System.nanoTime() & 0xffffff))
                .command(command(scenario, args))
                .startTimeout(START_TIMEOUT)
                .callTimeout(Duration.ofSeconds(10))
                .shutdownGrace(Duration.ofSeconds(2))
                .terminateGrace(Duration.ofSeconds(2));
    }

    /** A shell script that execs the scenario, as an executable plugin file would. */
    static String script(String scenario, String... args) {
        StringBuilder sb = new StringBuilder("#!/bin/sh\nexec");
        for (String part : command(scenario, args)) {
            sb.append(" '").append(part.replace("'", "'\\''")).append('\'');
        }
        return sb.append('\n').toString();
    }
}
