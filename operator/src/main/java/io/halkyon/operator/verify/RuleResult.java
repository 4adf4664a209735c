package io.halkyon.operator.verify;

import io.halkyon.operator.ConsoleText;

/**
 * One line of the report, also its JSON/YAML shape.
 *
 * @param rule   the rule's id ({@link Rules})
 * @param result passed, failed, warning or skipped
 * @param detail what was seen, or why it failed or was skipped; one line
 */
public record RuleResult(String rule, Verdict result, String detail) {

    /** Details are one printable line ({@link ConsoleText}), and bounded: they quote what a plugin sent. */
    static final int MAX_DETAIL_CHARS = 2000;

    public RuleResult {
        detail = oneLine(detail);
    }

    static String oneLine(String text) {
        String line = ConsoleText.oneLine(text);
        return line.length() <= MAX_DETAIL_CHARS ? line : line.substring(0, MAX_DETAIL_CHARS) + "... ("
                + (line.length() - MAX_DETAIL_CHARS) + " more characters)";
    }
}
