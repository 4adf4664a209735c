package io.halkyon.operator.verify;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every rule against a plugin file ({@code plugins verify}): each {@link RuleGroup} in turn,
 * one or two launches each, every process gone before the next. A group that throws fails its
 * rules not yet reported, naming the exception; the others still run.
 */
public final class Verifier {

    private static final Logger log = LoggerFactory.getLogger(Verifier.class);

    private static final List<RuleGroup> GROUPS = List.of(new SessionRules(), new RefusalRules(),
            new AutoMtlsRules(), new HostDeathRules());

    private Verifier() {
    }

    /** The results, one per rule of {@link Rules#ALL}, in that order. */
    public static List<RuleResult> verify(Target target) {
        Report report = new Report();
        for (RuleGroup group : GROUPS) {
            try {
                group.check(target, report);
            } catch (Exception e) {
                log.debug("plugin '{}': rules {} could not be checked", target.name(), group.rules(), e);
                report.failRest(group.rules(), "verify could not check it: " + e);
            }
            report.failRest(group.rules(), "verify reported nothing for it (a bug in verify)");
        }
        return report.inOrder();
    }

    /** Whether the results let {@code plugins verify} exit with 0: nothing failed (nor warned, when strict). */
    public static boolean conforms(List<RuleResult> results, boolean strict) {
        return results.stream().noneMatch(r -> r.result() == Verdict.FAILED || strict && r.result() == Verdict.WARNING);
    }
}
