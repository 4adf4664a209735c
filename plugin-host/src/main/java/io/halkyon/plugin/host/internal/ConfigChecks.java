package io.halkyon.plugin.host.internal;

import java.time.Duration;

/**
 * Validation for the configuration builders: every error names the class and field, what
 * was expected and what was given, e.g. {@code PluginClientConfig.callTimeout must be a
 * positive duration, was PT0S}.
 */
public final class ConfigChecks {

    private final String config;

    /** @param config the configuration class's simple name, prefixed to every field */
    public ConfigChecks(String config) {
        this.config = config;
    }

    public IllegalArgumentException bad(String field, String expected, Object actual) {
        return new IllegalArgumentException(config + "." + field + " " + expected + ", was " + actual);
    }

    public void positive(String field, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw bad(field, "must be a positive duration", d);
        }
    }

    public void notNegative(String field, Duration d) {
        if (d == null || d.isNegative()) {
            throw bad(field, "must be zero or a positive duration", d);
        }
    }
}
