package io.halkyon.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Runs every group of figures and prints one {@code name: value} line per figure. A group that
 * fails prints {@code # <group> failed: <why>} and the run exits with status 1 at the end.
 * Arguments: {@code --quick}, {@code --only group,group}, {@code --root DIR}.
 */
public final class Main {

    private Main() {
    }

    /** Every group, in the order they run. */
    static List<Figures> groups() {
        return List.of(
                new CallFigures(),
                new LaunchFigures(),
                new DirectoryFigures(),
                new MemoryFigures(),
                new JsonFigures(),
                new OperatorFigures(),
                new OperatorMemoryFigures()
        );
    }

    public static void main(String[] args) {
        boolean quick = false;
        Set<String> only = Set.of();
        Path root = Path.of(".").toAbsolutePath().normalize();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--only" -> only = Set.copyOf(Arrays.asList(args[++i].split(",")));
                case "--root" -> root = Path.of(args[++i]).toAbsolutePath().normalize();
                default -> {
                    System.err.println("unknown argument '" + args[i] + "': expected --quick, --only GROUPS or --root DIR");
                    System.exit(2);
                }
            }
        }
        List<String> names = groups().stream().map(Figures::name).toList();
        for (String name : only) {
            if (!names.contains(name)) {
                System.err.println("unknown group '" + name + "' in --only: expected some of " + names);
                System.exit(2);
            }
        }
        Settings settings = new Settings(quick, root);
        long start = System.nanoTime();
        Report report = new Report(System.out);
        report.comment(Machine.header(quick));
        List<String> failed = new ArrayList<>();
        for (Figures group : groups()) {
            if (!only.isEmpty() && !only.contains(group.name())) {
                continue;
            }
            try {
                group.measure(settings, report);
            } catch (Exception | Error e) {
                failed.add(group.name());
                System.out.println("# " + group.name() + " failed: " + e);
                e.printStackTrace(System.err);
            }
        }
        report.comment("took " + (System.nanoTime() - start) / 1_000_000_000 + " s; load average at the end: "
                + Machine.loadAverage()
                + (failed.isEmpty() ? "" : "; failed groups: " + String.join(", ", failed)));
        System.exit(failed.isEmpty() ? 0 : 1);
    }
}
