package io.halkyon.operator.verify;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How a plugin fared on one rule. Only {@link #FAILED} makes {@code plugins verify} exit with 1;
 * {@link #WARNING} too with {@code --strict}. A {@link #SKIPPED} rule always says why: it cannot
 * apply to this plugin (AutoMTLS it does not offer, a unix-socket rule for a TCP plugin), or an
 * earlier rule it depends on failed, which already fails the run.
 */
public enum Verdict {
    /** The plugin does what the rule says. */
    PASSED,
    /** The plugin breaks the rule: our host would refuse it, or the operator would fail its Capabilities. */
    FAILED,
    /** Our host copes, but other go-plugin hosts or platforms would not (the detail says which). */
    WARNING,
    /** Not checked, and why. */
    SKIPPED;

    /** Lower case, as printed and as JSON writes it. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
