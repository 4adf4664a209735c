package io.halkyon.examples.remotepostgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The remote postgres plugin's jar as a process, configured through its environment as in its Deployment. */
public final class PluginRun {

    private PluginRun() {
    }

    /** The jar this module built; failsafe passes its path. */
    static Path jar() {
        String property = System.getProperty("remote.postgres.jar");
        assertThat(property).as("system property remote.postgres.jar (set by the failsafe configuration)").isNotBlank();
        Path jar = Path.of(property);
        assertThat(jar).as("the plugin's jar, built by the package phase").isRegularFile();
        return jar;
    }

    /** Starts it dialling {@code localhost:port} over TLS trusting {@code ca}, with the token of {@code tokenFile}. */
    static ProcessRun start(int port, Path tokenFile, Path ca) throws IOException {
        return start(jar(), ProcessRun.FAST_START, port, tokenFile, ca);
    }

    /** The same with the jar and the JVM options given. */
    public static ProcessRun start(Path jar, List<String> jvmOptions, int port, Path tokenFile, Path ca)
            throws IOException {
        return ProcessRun.startJar("remote-postgres", jvmOptions, jar, List.of(), Map.of(
                PluginSettings.ADDRESS, TestTls.HOST + ":" + port,
                PluginSettings.TOKEN_FILE, tokenFile.toString(),
                PluginSettings.CA_FILE, ca.toString()));
    }
}
