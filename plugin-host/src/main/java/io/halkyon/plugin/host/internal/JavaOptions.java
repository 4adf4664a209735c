package io.halkyon.plugin.host.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JVM options of {@code .jar} plugins: the defaults, and how the plugin's own options
 * ({@link ManifestJavaOptions}) and the admin's merge over them. Options are merged by what they
 * set (their key): a later option replaces an earlier one with the same key, so the admin's win
 * over the plugin's, which win over the defaults. {@code -Xmx64m} and {@code -Xmx1g} share the key
 * {@code -Xmx}, {@code -XX:+UseSerialGC} and {@code -XX:+UseG1GC} the key "garbage collector",
 * {@code -Dname=a} and {@code -Dname=b} the key {@code -Dname}; any other option is its own key
 * (two {@code -Xlog:...} options both stay, in order).
 */
public final class JavaOptions {

    /**
     * The defaults, chosen by measurement for small plugins (see docs/admin-guide.md): a C1-only
     * JIT (the fastest start and least memory; C2 makes calls faster but the operator's figures
     * slower) and the serial collector (least CPU to start, a small footprint), bounded heap, a young
     * generation of an eighth of the heap (its pages are the ones every call's garbage touches), stack,
     * metaspace and code cache, no perf data file, one netty arena of each kind (grpc-netty-shaded's
     * property names), class data sharing when an archive matches, and every JVM warning on stderr
     * (by default the JVM prints them on stdout, where they would corrupt the handshake line).
     */
    public static final List<String> DEFAULTS = List.of(
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Xmx64m",
            "-XX:NewRatio=7",
            "-Xss512k",
            "-XX:MaxMetaspaceSize=128m",
            "-XX:ReservedCodeCacheSize=32m",
            "-XX:-UsePerfData",
            "-Xshare:auto",
            "-Xlog:disable",
            "-Xlog:all=warning:stderr",
            "-Dio.grpc.netty.shaded.io.netty.allocator.numDirectArenas=1",
            "-Dio.grpc.netty.shaded.io.netty.allocator.numHeapArenas=1");

    private static final Set<String> COLLECTORS = Set.of("UseSerialGC", "UseParallelGC", "UseG1GC", "UseZGC",
            "UseShenandoahGC", "UseEpsilonGC");

    /** Options that would change what runs, not how: never accepted as an option. */
    private static final Set<String> NOT_OPTIONS = Set.of("-jar", "-cp", "-classpath", "--class-path", "-m",
            "--module", "--source");

    private JavaOptions() {
    }

    /** What an option sets: options with the same key replace each other. */
    public static String key(String option) {
        if (option.startsWith("-Xmx") || option.startsWith("-Xms") || option.startsWith("-Xss")
                || option.startsWith("-Xmn")) {
            return option.substring(0, 4);
        }
        if (option.startsWith("-Xshare:")) {
            return "-Xshare";
        }
        if (option.startsWith("-XX:")) {
            String rest = option.substring(4);
            boolean flag = rest.startsWith("+") || rest.startsWith("-");
            String name = flag ? rest.substring(1) : rest.split("=", 2)[0];
            if (flag && rest.startsWith("+") && COLLECTORS.contains(name)) {
                return "garbage collector";
            }
            return "-XX:" + name;
        }
        if (option.startsWith("-D")) {
            return option.split("=", 2)[0];
        }
        return option;
    }

    /**
     * Merges option lists in order of precedence: each later list's options replace the earlier
     * options with the same {@link #key}; the order is kept otherwise.
     */
    @SafeVarargs
    public static List<String> merge(Collection<String>... lists) {
        Map<String, String> byKey = new LinkedHashMap<>();
        for (Collection<String> list : lists) {
            for (String option : list) {
                String key = key(option);
                byKey.remove(key);
                byKey.put(key, option);
            }
        }
        return new ArrayList<>(byKey.values());
    }

    /**
     * Why an admin's option cannot be used (it is not a single JVM option), or null when it can.
     * The admin is trusted: anything the {@code java} launcher takes as an option is accepted.
     */
    public static String problem(String option) {
        if (option == null || option.isBlank()) {
            return "an option must not be blank";
        }
        if (!option.startsWith("-") || option.chars().anyMatch(Character::isWhitespace)) {
            return "'" + option + "' is not one JVM option (it must start with '-' and hold no space)";
        }
        if (NOT_OPTIONS.contains(option)) {
            return "'" + option + "' would change what runs: the plugin file is the jar";
        }
        return null;
    }

    /** Splits a space-separated option string (an operator flag or variable) into options. */
    public static List<String> split(String options) {
        List<String> out = new ArrayList<>();
        if (options != null) {
            for (String option : options.trim().split("\\s+")) {
                if (!option.isEmpty()) {
                    out.add(option);
                }
            }
        }
        return out;
    }
}
