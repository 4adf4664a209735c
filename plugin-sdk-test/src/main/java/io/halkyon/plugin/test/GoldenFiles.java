package io.halkyon.plugin.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.test.internal.CanonicalJson;
import io.halkyon.plugin.test.internal.Failures;
import io.halkyon.plugin.test.internal.JsonDiff;
import io.halkyon.plugin.test.internal.JsonPaths;
import io.halkyon.plugin.test.internal.OperatorRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Golden files: every object a plugin renders for one Capability compared with a file in one
 * directory, so a change in what the plugin builds shows up as a failing test and as a diff in
 * review.
 *
 * <pre>{@code
 * plugin.render(db).assertMatchesGolden(Path.of("src/test/golden/orders-db"));
 * // or, with a generated value masked:
 * GoldenFiles.in(Path.of("src/test/golden/orders-db"))
 *         .mask("Secret", "orders-db-config", "data.DB_PASSWORD")
 *         .assertMatches(plugin.render(db));
 * }</pre>
 *
 * <p><b>Files.</b> The directory holds the files of one Capability and nothing else: one YAML
 * file per dependent the operator creates (a dependent with {@code created} false is never
 * built, so has none), named {@code <kind>[.<group>]-<name>.yaml} in lower case
 * ({@code secret-orders-db-config.yaml}, {@code statefulset.apps-orders-db.yaml}), in canonical
 * form (Kubernetes JSON as it crosses the wire, {@code apiVersion}, {@code kind},
 * {@code metadata} first, every other field sorted by name, strings quoted), so the same output
 * is the same text. A relative directory is resolved against the working directory, which
 * Maven's test plugins set to the module's directory.
 *
 * <p><b>Comparing.</b> Every field is compared; a failure lists every differing field of every
 * dependent ({@code dependent apps/v1 StatefulSet orders-db: spec.replicas: expected 1 but was 2}),
 * a dependent without a file, and a file without a dependent.
 *
 * <p><b>Updating.</b> Run the tests with the system property {@value #UPDATE_PROPERTY}{@code =true}
 * ({@code ./mvnw test -Dhalkyon.golden.update=true}) and the files are written from what the
 * plugin renders instead of compared (files of dependents that are gone are deleted); the tests
 * pass, and the log lists what changed. Review the diff before committing.
 *
 * <p><b>Masking.</b> Nothing is skipped silently. A value that differs on every run (a
 * generated password) is masked by name: {@link #mask} replaces it with {@value #MASKED} in
 * what is compared and written, a failure's message lists what was masked, and a mask that
 * matches no field fails (so masks do not outlive the field they hid).
 *
 * <p>Immutable: {@link #mask} returns a new instance.
 */
public final class GoldenFiles {

    /** The system property that turns comparing into writing: {@code -Dhalkyon.golden.update=true}. */
    public static final String UPDATE_PROPERTY = "halkyon.golden.update";
    /** What a masked value is replaced with, in comparisons and in the files. */
    public static final String MASKED = "(masked by the test)";

    private static final Logger log = LoggerFactory.getLogger(GoldenFiles.class);

    private record Mask(String kind, String name, String path) {
        String describe() {
            return kind + " " + name + " " + path;
        }
    }

    private final Path directory;
    private final List<Mask> masks;

    private GoldenFiles(Path directory, List<Mask> masks) {
        this.directory = directory;
        this.masks = List.copyOf(masks);
    }

    /** The golden files in {@code directory}, nothing masked. */
    public static GoldenFiles in(Path directory) {
        return new GoldenFiles(Objects.requireNonNull(directory, "directory"), List.of());
    }

    /**
     * The same, with the value at {@code path} (see {@link RenderedObject} for the syntax) of the
     * dependent of that kind and name masked.
     *
     * @throws IllegalArgumentException when the path is malformed
     */
    public GoldenFiles mask(String kind, String name, String path) {
        JsonPaths.parse(Objects.requireNonNull(path, "path"));
        List<Mask> more = new ArrayList<>(masks);
        more.add(new Mask(Objects.requireNonNull(kind, "kind"), Objects.requireNonNull(name, "name"), path));
        return new GoldenFiles(directory, more);
    }

    /** The directory. */
    public Path directory() {
        return directory;
    }

    /** The file name of a dependent: {@code <kind>[.<group>]-<name>.yaml}, lower case. */
    public static String fileName(DependentKey key) {
        String kind = key.kind() + (key.group().isEmpty() ? "" : "." + key.group());
        return (kind + "-" + key.name()).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "_") + ".yaml";
    }

    /**
     * Compares (or, with {@value #UPDATE_PROPERTY}{@code =true}, writes) the files.
     *
     * @throws org.opentest4j.AssertionFailedError listing every difference, missing and extra file,
     *         and what was masked; or when a mask matches nothing, or two dependents would share a file
     * @throws UncheckedIOException when the directory cannot be read or written
     */
    public void assertMatches(RenderedCapability rendered) {
        Map<String, JsonNode> actual = masked(rendered);
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            update(rendered, actual);
            return;
        }
        List<String> problems = new ArrayList<>();
        StringBuilder expectedDocs = new StringBuilder();
        StringBuilder actualDocs = new StringBuilder();
        for (RenderedDependent dependent : built(rendered)) {
            String file = fileName(dependent.key());
            Path path = directory.resolve(file);
            if (!Files.isRegularFile(path)) {
                problems.add(dependent.subject() + ": no golden file " + path);
                continue;
            }
            JsonNode expected = CanonicalJson.parse(read(path), path.toString());
            List<JsonDiff.Difference> differences = JsonDiff.diff(expected, actual.get(file));
            if (!differences.isEmpty()) {
                differences.forEach(d -> problems.add(dependent.subject() + ": " + d.describe()));
                expectedDocs.append(CanonicalJson.yaml(expected));
                actualDocs.append(CanonicalJson.yaml(actual.get(file)));
            }
        }
        for (String extra : files()) {
            if (!actual.containsKey(extra)) {
                problems.add("golden file " + directory.resolve(extra) + " is no dependent of " + rendered.describe());
            }
        }
        if (!problems.isEmpty()) {
            throw Failures.failure(message(rendered, problems), expectedDocs.toString(), actualDocs.toString());
        }
    }

    private String message(RenderedCapability rendered, List<String> problems) {
        StringBuilder message = new StringBuilder(rendered.describe()).append(" differs from the golden files in ")
                .append(directory).append(':');
        problems.stream().limit(40).forEach(p -> message.append("\n  ").append(p));
        if (problems.size() > 40) {
            message.append("\n  ... and ").append(problems.size() - 40).append(" more");
        }
        if (!masks.isEmpty()) {
            message.append("\nmasked, not compared: ").append(String.join(", ", masks.stream().map(Mask::describe).toList()));
        }
        return message.append("\nif the change is intended, rerun with -D").append(UPDATE_PROPERTY)
                .append("=true and review the files' diff").toString();
    }

    /** Each dependent's canonical tree by file name, masks applied. */
    private Map<String, JsonNode> masked(RenderedCapability rendered) {
        Map<String, JsonNode> byFile = new LinkedHashMap<>();
        Map<String, DependentKey> owners = new LinkedHashMap<>();
        for (RenderedDependent dependent : built(rendered)) {
            String file = fileName(dependent.key());
            DependentKey other = owners.putIfAbsent(file, dependent.key());
            if (other != null) {
                throw Failures.failure(rendered.describe() + ": dependents " + OperatorRules.describe(other) + " and "
                        + OperatorRules.describe(dependent.key()) + " would share the golden file " + file);
            }
            byFile.put(file, dependent.tree().deepCopy());
        }
        for (Mask mask : masks) {
            RenderedDependent dependent = rendered.dependent(mask.kind(), mask.name());
            if (!JsonPaths.replace(byFile.get(fileName(dependent.key())), JsonPaths.parse(mask.path()),
                    TextNode.valueOf(MASKED))) {
                throw Failures.failure(dependent.subject() + ": the mask " + mask.path() + " matches no field;"
                        + " fix the path or remove the mask");
            }
        }
        return byFile;
    }

    private void update(RenderedCapability rendered, Map<String, JsonNode> actual) {
        try {
            Files.createDirectories(directory);
            List<String> changed = new ArrayList<>();
            for (RenderedDependent dependent : built(rendered)) {
                String file = fileName(dependent.key());
                String text = "# " + dependent.subject() + " of " + rendered.describe() + "; rewrite with -D"
                        + UPDATE_PROPERTY + "=true\n" + CanonicalJson.yaml(actual.get(file));
                Path path = directory.resolve(file);
                if (!Files.isRegularFile(path) || !read(path).equals(text)) {
                    Files.writeString(path, text, StandardCharsets.UTF_8);
                    changed.add("wrote " + file);
                }
            }
            for (String extra : files()) {
                if (!actual.containsKey(extra)) {
                    Files.delete(directory.resolve(extra));
                    changed.add("deleted " + extra);
                }
            }
            log.warn("plugin '{}': golden files of {} in {} updated ({}): {}", rendered.pluginName(), rendered.describe(),
                    directory, UPDATE_PROPERTY, changed.isEmpty() ? "no change" : changed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the golden files in " + directory + ": " + e.getMessage(), e);
        }
    }

    private static List<RenderedDependent> built(RenderedCapability rendered) {
        return rendered.dependents().stream().filter(RenderedObject::isBuilt).toList();
    }

    /** The YAML files in the directory, by name; none when it does not exist. */
    private TreeSet<String> files() {
        TreeSet<String> names = new TreeSet<>();
        if (!Files.isDirectory(directory)) {
            return names;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            entries.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml")).forEach(names::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the golden files in " + directory + ": " + e.getMessage(), e);
        }
        return names;
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read golden file " + path + ": " + e.getMessage(), e);
        }
    }
}
