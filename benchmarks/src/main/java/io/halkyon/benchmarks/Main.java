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

    static List<Figures> groups() {
        return List.of(new OperatorFigures());
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
        Settings settings = new Settings(quick, root);
        Report report = new Report(System.out);
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
        System.exit(failed.isEmpty() ? 0 : 1);
    }
}
