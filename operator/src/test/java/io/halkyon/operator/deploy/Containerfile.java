package io.halkyon.operator.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the tests read of a Containerfile: its ARG defaults, its COPY instructions, its
 * ENTRYPOINT (exec form) and the image its comment's build command tags. Continuation lines are
 * joined; nothing else of the syntax is needed.
 */
record Containerfile(Path file, Map<String, String> args, List<Copy> copies, List<String> entrypoint, String tag) {

    /** The repository's root: the build context of every Containerfile. */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path OPERATOR = ROOT.resolve("operator/Containerfile");
    static final Path POSTGRES_PLUGIN = ROOT.resolve("examples/postgres-capability/Containerfile");

    /** {@code COPY [--from=stage] source destination}; {@code from} null for the build context. */
    record Copy(String from, String source, String destination) {
    }

    private static final Pattern BUILD_TAG = Pattern.compile("#\\s+docker build -f \\S+ -t (\\S+) \\.");

    static Containerfile read(Path file) throws IOException {
        String text = Files.readString(file).replaceAll("\\\\\\n", " ");
        Map<String, String> args = new LinkedHashMap<>();
        List<Copy> copies = new ArrayList<>();
        List<String> entrypoint = List.of();
        String tag = null;
        for (String line : text.lines().toList()) {
            Matcher built = BUILD_TAG.matcher(line);
            if (built.matches()) {
                tag = built.group(1);
            }
            String[] words = line.trim().split("\\s+");
            switch (words[0]) {
                case "ARG" -> {
                    String[] kv = words[1].split("=", 2);
                    args.put(kv[0], kv.length == 2 ? kv[1] : null);
                }
                case "COPY" -> {
                    List<String> rest = new ArrayList<>(Arrays.asList(words).subList(1, words.length));
                    String from = null;
                    while (rest.get(0).startsWith("--")) {
                        String flag = rest.remove(0);
                        if (flag.startsWith("--from=")) {
                            from = flag.substring("--from=".length());
                        }
                    }
                    copies.add(new Copy(from, rest.get(0), rest.get(rest.size() - 1)));
                }
                case "ENTRYPOINT" -> entrypoint = Arrays.stream(line.trim().substring("ENTRYPOINT".length()).trim()
                        .replaceAll("^\\[|]$", "").split(",")).map(s -> s.trim().replaceAll("^\"|\"$", "")).toList();
                default -> {
                }
            }
        }
        return new Containerfile(file, args, copies, entrypoint, tag);
    }

    /** The files a COPY from stage {@code stage} takes from the build, as paths in the checkout. */
    List<Path> fromBuild(String stage, String workdir) {
        return copies.stream().filter(c -> stage.equals(c.from()) && c.source().startsWith(workdir + "/"))
                .map(c -> ROOT.resolve(c.source().substring(workdir.length() + 1))).toList();
    }
}
