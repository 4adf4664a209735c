package io.halkyon.plugin.host.internal;

import io.halkyon.plugin.host.fetch.internal.LogText;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM options a {@code .jar} plugin asks for in its manifest, attribute
 * {@value #ATTRIBUTE} (space-separated). The plugin is not trusted: only the options below are
 * taken, within their bounds; anything else is left out with a warning naming the plugin and the
 * option, and the plugin runs without it. None of them can change what code runs (no agents,
 * class paths, argument files) or where the JVM writes; the admin's options win over them.
 *
 * <table>
 *   <caption>What a plugin may set</caption>
 *   <tr><th>option</th><th>bounds</th></tr>
 *   <tr><td>{@code -Xmx}, {@code -Xms}</td><td>16m..1g (sizes in k, m or g)</td></tr>
 *   <tr><td>{@code -Xss}</td><td>256k..8m</td></tr>
 *   <tr><td>{@code -XX:MaxMetaspaceSize=}</td><td>32m..512m</td></tr>
 *   <tr><td>{@code -XX:ReservedCodeCacheSize=}</td><td>8m..256m</td></tr>
 *   <tr><td>{@code -XX:MaxDirectMemorySize=}</td><td>8m..1g</td></tr>
 *   <tr><td>{@code -XX:TieredStopAtLevel=}</td><td>1..4</td></tr>
 *   <tr><td>{@code -XX:ActiveProcessorCount=}</td><td>1..64</td></tr>
 *   <tr><td>{@code -XX:NewRatio=}</td><td>1..15</td></tr>
 *   <tr><td>{@code -XX:+UseSerialGC}, {@code -XX:+UseParallelGC}, {@code -XX:+UseG1GC}</td><td></td></tr>
 *   <tr><td>{@code -XX:+UsePerfData}, {@code -XX:-UsePerfData}</td><td></td></tr>
 *   <tr><td>{@code -Xshare:auto}, {@code -Xshare:off}</td><td></td></tr>
 *   <tr><td>{@code -Dio.netty.*=}, {@code -Dio.grpc.netty.shaded.io.netty.*=}</td><td>names and values of
 *       letters, digits, {@code . _ -}</td></tr>
 * </table>
 */
public final class ManifestJavaOptions {

    /** The manifest attribute holding the plugin's options. */
    public static final String ATTRIBUTE = "Halkyon-Java-Options";

    /** Longest attribute value read: far more than the allowed options need, bounding the warnings a value makes. */
    static final int MAX_VALUE_CHARS = 1024;

    private static final long K = 1024;
    private static final long M = 1024 * K;
    private static final long G = 1024 * M;
    private static final Pattern SIZE = Pattern.compile("(\\d{1,10})([kKmMgG])");
    private static final Pattern NETTY_PROPERTY = Pattern.compile(
            "-D(io\\.netty\\.|io\\.grpc\\.netty\\.shaded\\.io\\.netty\\.)[A-Za-z0-9._-]+=[A-Za-z0-9._-]*");
    private static final List<String> FLAGS = List.of("-XX:+UseSerialGC", "-XX:+UseParallelGC", "-XX:+UseG1GC",
            "-XX:+UsePerfData", "-XX:-UsePerfData", "-Xshare:auto", "-Xshare:off");

    private ManifestJavaOptions() {
    }

    /**
     * The allowed options of the jar's manifest attribute; none when the jar has no manifest or
     * no attribute. Every option left out, and a jar whose manifest cannot be read, is reported
     * to {@code warnings} with the plugin's name.
     */
    public static List<String> read(String plugin, Path jar, Consumer<String> warnings) {
        String value;
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            Manifest manifest = file.getManifest();
            value = manifest == null ? null : manifest.getMainAttributes().getValue(new Attributes.Name(ATTRIBUTE));
        } catch (IOException | RuntimeException e) {
            warnings.accept("plugin '" + plugin + "': cannot read the manifest of " + jar + " for its "
                    + ATTRIBUTE + " (" + e.getMessage() + "); running with the host's Java options");
            return List.of();
        }
        return allowed(plugin, value, warnings);
    }

    /** The options of an attribute value that a plugin may set; the others are reported to {@code warnings}. */
    public static List<String> allowed(String plugin, String value, Consumer<String> warnings) {
        if (value != null && value.length() > MAX_VALUE_CHARS) {
            warnings.accept("plugin '" + plugin + "': ignoring the " + ATTRIBUTE + " of its manifest: "
                    + value.length() + " characters, more than " + MAX_VALUE_CHARS);
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String option : JavaOptions.split(value)) {
            String problem = problem(option);
            if (problem == null) {
                out.add(option);
            } else {
                warnings.accept("plugin '" + plugin + "': ignoring Java option '" + LogText.escape(option)
                        + "' of its manifest (" + ATTRIBUTE + "): " + problem);
            }
        }
        return out;
    }

    /** Why a plugin may not set this option, or null when it may. */
    static String problem(String option) {
        if (FLAGS.contains(option) || NETTY_PROPERTY.matcher(option).matches()) {
            return null;
        }
        if (option.startsWith("-Xmx") || option.startsWith("-Xms")) {
            return size(option.substring(4), 16 * M, G);
        }
        if (option.startsWith("-Xss")) {
            return size(option.substring(4), 256 * K, 8 * M);
        }
        String value = option.contains("=") ? option.substring(option.indexOf('=') + 1) : "";
        switch (JavaOptions.key(option)) {
            case "-XX:MaxMetaspaceSize":
                return size(value, 32 * M, 512 * M);
            case "-XX:ReservedCodeCacheSize":
                return size(value, 8 * M, 256 * M);
            case "-XX:MaxDirectMemorySize":
                return size(value, 8 * M, G);
            case "-XX:TieredStopAtLevel":
                return number(value, 1, 4);
            case "-XX:ActiveProcessorCount":
                return number(value, 1, 64);
            case "-XX:NewRatio":
                return number(value, 1, 15);
            default:
                return "not among the options a plugin may set (see docs/security.md)";
        }
    }

    private static String size(String text, long min, long max) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            return "'" + LogText.escape(text) + "' is not a size such as 512k, 64m or 1g";
        }
        long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> K;
            case "m" -> M;
            default -> G;
        };
        long bytes = Long.parseLong(m.group(1)) * unit;
        return bytes < min || bytes > max ? "must be within " + human(min) + ".." + human(max) : null;
    }

    private static String number(String text, int min, int max) {
        if (!text.matches("\\d{1,3}")) {
            return "'" + LogText.escape(text) + "' is not a number";
        }
        int n = Integer.parseInt(text);
        return n < min || n > max ? "must be within " + min + ".." + max : null;
    }

    private static String human(long bytes) {
        return bytes >= G && bytes % G == 0 ? bytes / G + "g" : bytes >= M && bytes % M == 0 ? bytes / M + "m"
                : bytes / K + "k";
    }
}
