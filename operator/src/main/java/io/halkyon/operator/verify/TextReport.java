package io.halkyon.operator.verify;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The report for people: one line per rule, {@code RESULT  RULE  DETAIL}, then a count per result. */
public final class TextReport {

    private TextReport() {
    }

    public static void print(String file, List<RuleResult> results, PrintWriter out) {
        int ruleWidth = results.stream().mapToInt(r -> r.rule().length()).max().orElse(0);
        for (RuleResult result : results) {
            out.println(String.format(Locale.ROOT, "%-7s  %-" + ruleWidth + "s  %s", result.result().label(),
                    result.rule(), result.detail()));
        }
        Map<Verdict, Long> counts = new TreeMap<>(results.stream()
                .collect(Collectors.groupingBy(RuleResult::result, Collectors.counting())));
        out.println(file + ": " + List.of(Verdict.values()).stream()
                .map(v -> counts.getOrDefault(v, 0L) + " " + (v == Verdict.WARNING ? "warnings" : v.label()))
                .collect(Collectors.joining(", ")));
        out.flush();
    }
}
