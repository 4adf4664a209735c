package io.halkyon.operator.verify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The results so far, one per rule; the first result of a rule stands. Thread-confined. */
final class Report {

    private final Map<String, RuleResult> results = new LinkedHashMap<>();

    void pass(Rule rule, String detail) {
        put(rule, Verdict.PASSED, detail);
    }

    void fail(Rule rule, String why) {
        put(rule, Verdict.FAILED, why);
    }

    void warn(Rule rule, String why) {
        put(rule, Verdict.WARNING, why);
    }

    void skip(Rule rule, String why) {
        put(rule, Verdict.SKIPPED, why);
    }

    /** Skips every rule of {@code rules} not reported yet. */
    void skipRest(List<Rule> rules, String why) {
        rules.forEach(rule -> skip(rule, why));
    }

    /** Fails every rule of {@code rules} not reported yet. */
    void failRest(List<Rule> rules, String why) {
        rules.forEach(rule -> fail(rule, why));
    }

    boolean has(Rule rule) {
        return results.containsKey(rule.id());
    }

    Verdict verdict(Rule rule) {
        RuleResult result = results.get(rule.id());
        return result == null ? null : result.result();
    }

    private void put(Rule rule, Verdict verdict, String detail) {
        results.putIfAbsent(rule.id(), new RuleResult(rule.id(), verdict, detail));
    }

    /** The results in the order of {@link Rules#ALL}; rules never reported are absent. */
    List<RuleResult> inOrder() {
        return Rules.ALL.stream().map(rule -> results.get(rule.id())).filter(r -> r != null).toList();
    }
}
