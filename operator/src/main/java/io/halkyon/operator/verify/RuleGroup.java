package io.halkyon.operator.verify;

import java.util.List;

/**
 * Rules checked together, usually against one launch of the plugin. A group reports each of its
 * rules once; the {@link Verifier} fails those left unreported when the group throws.
 */
interface RuleGroup {

    /** The rules this group reports. */
    List<Rule> rules();

    /** Launches what it needs, checks, and leaves no process behind. */
    void check(Target target, Report report) throws Exception;
}
