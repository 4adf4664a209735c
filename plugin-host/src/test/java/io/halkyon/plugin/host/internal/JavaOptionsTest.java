package io.halkyon.plugin.host.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Merging and checking the JVM options of jar plugins: defaults, then the plugin's, then the admin's. */
class JavaOptionsTest {

    @Test
    void laterListsReplaceTheOptionsThatSetTheSameThingAndKeepTheRestInOrder() {
        List<String> merged = JavaOptions.merge(JavaOptions.DEFAULTS, List.of("-Xmx128m", "-XX:+UseG1GC"),
                List.of("-Xmx256m", "-Xlog:gc:stderr", "-XX:+UsePerfData"));

        assertThat(merged).contains("-Xmx256m", "-XX:+UseG1GC", "-Xlog:disable", "-Xlog:all=warning:stderr",
                        "-Xlog:gc:stderr", "-XX:+UsePerfData", "-XX:TieredStopAtLevel=1")
                .doesNotContain("-Xmx64m", "-Xmx128m", "-XX:+UseSerialGC", "-XX:-UsePerfData");
        // Logging options accumulate, in order: the JVM applies them one after the other.
        assertThat(merged.indexOf("-Xlog:disable")).isLessThan(merged.indexOf("-Xlog:gc:stderr"));
    }

    @ParameterizedTest
    @CsvSource({
            "-Xmx1g, -Xmx",
            "-XX:+UseSerialGC, garbage collector",
            "-XX:+UseZGC, garbage collector",
            "-XX:-UsePerfData, -XX:UsePerfData",
            "-XX:MaxMetaspaceSize=64m, -XX:MaxMetaspaceSize",
            "-Dio.netty.x=1, -Dio.netty.x",
            "-Xshare:off, -Xshare",
            "-Xlog:gc, -Xlog:gc",
    })
    void theKeyIsWhatTheOptionSets(String option, String key) {
        assertThat(JavaOptions.key(option)).isEqualTo(key);
    }

    @Test
    void anAdminsOptionMustBeOneOptionThatDoesNotChangeWhatRuns() {
        assertThat(JavaOptions.problem("-Xmx1g")).isNull();
        assertThat(JavaOptions.problem("Xmx1g")).contains("'Xmx1g' is not one JVM option");
        assertThat(JavaOptions.problem("-Xmx1g -Xss1m")).contains("is not one JVM option");
        assertThat(JavaOptions.problem("-cp")).contains("would change what runs");
        assertThat(JavaOptions.problem(" ")).contains("blank");
    }

    @Test
    void splitTakesSpaceSeparatedOptions() {
        assertThat(JavaOptions.split("  -Xmx1g\t-XX:+UseG1GC \n")).containsExactly("-Xmx1g", "-XX:+UseG1GC");
        assertThat(JavaOptions.split("")).isEmpty();
        assertThat(JavaOptions.split(null)).isEmpty();
    }

    @Test
    void aPluginMaySetOnlyAllowlistedOptionsWithinBoundsAndEachOtherOneIsReportedWithThePluginsName() {
        List<String> warnings = new ArrayList<>();
        List<String> allowed = ManifestJavaOptions.allowed("pg", "-Xmx256m -Xss1m -XX:TieredStopAtLevel=4 -XX:NewRatio=2"
                + " -XX:+UseG1GC -Dio.grpc.netty.shaded.io.netty.allocator.numDirectArenas=2 -Xshare:off"
                + " -Xmx4g -Xss64k -XX:MaxMetaspaceSize=lots -javaagent:/x.jar -cp /x.jar @/etc/args"
                + " -XX:HeapDumpPath=/etc -Djava.security.manager=allow -XX:TieredStopAtLevel=9 -XX:NewRatio=0", warnings::add);

        assertThat(allowed).containsExactly("-Xmx256m", "-Xss1m", "-XX:TieredStopAtLevel=4", "-XX:NewRatio=2", "-XX:+UseG1GC",
                "-Dio.grpc.netty.shaded.io.netty.allocator.numDirectArenas=2", "-Xshare:off");
        assertThat(warnings).hasSize(11).allSatisfy(w -> assertThat(w).startsWith("plugin 'pg': ignoring Java option '")
                .contains(ManifestJavaOptions.ATTRIBUTE));
        assertThat(warnings.get(0)).contains("'-Xmx4g'", "must be within 16m..1g");
        assertThat(warnings.get(1)).contains("'-Xss64k'", "must be within 256k..8m");
        assertThat(warnings.get(2)).contains("'lots' is not a size");
        assertThat(warnings.get(3)).contains("'-javaagent:/x.jar'", "not among the options a plugin may set");
        assertThat(warnings.get(9)).contains("must be within 1..4");
        assertThat(warnings.get(10)).contains("'-XX:NewRatio=0'", "must be within 1..15");
    }

    @Test
    void aJarWithoutAManifestOrAttributeAsksForNothingAndAnUnreadableOneIsReported() throws Exception {
        List<String> warnings = new ArrayList<>();
        java.nio.file.Path notAJar = java.nio.file.Files.createTempFile("javaoptions-test", ".jar");
        try {
            assertThat(ManifestJavaOptions.read("pg", notAJar, warnings::add)).isEmpty();
            assertThat(warnings).singleElement().asString().contains("plugin 'pg': cannot read the manifest of");
        } finally {
            java.nio.file.Files.delete(notAJar);
        }
    }

    @Test
    void theArchiveOfAJarIsBesideIt() {
        assertThat(JarCommand.archiveOf(java.nio.file.Path.of("/p/x.jar"))).isEqualTo(java.nio.file.Path.of("/p/x.jsa"));
        assertThat(JarCommand.archiveOf(java.nio.file.Path.of("/p/X.JAR"))).isEqualTo(java.nio.file.Path.of("/p/X.jsa"));
    }

    @Test
    void anOverlongManifestValueIsIgnoredWithOneWarning() {
        List<String> warnings = new ArrayList<>();
        String value = "-javaagent:/x.jar ".repeat(1000) + "-Xmx128m";

        assertThat(ManifestJavaOptions.allowed("pg", value, warnings::add)).isEmpty();
        assertThat(warnings).singleElement().satisfies(w -> assertThat(w).contains("plugin 'pg'",
                ManifestJavaOptions.ATTRIBUTE, "more than " + ManifestJavaOptions.MAX_VALUE_CHARS));
    }
}
