package io.halkyon.plugin.host;

import java.util.Locale;

/**
 * How a plugin call ended, as {@link PluginCallObserver} reports it: a small fixed set, so it can
 * be a metric tag. The same cases as the exceptions a failed call becomes
 * ({@link PluginConnection#call}).
 */
public enum PluginCallOutcome {
    /** The plugin answered. */
    OK,
    /** No answer within the call's deadline ({@code DEADLINE_EXCEEDED}). */
    TIMEOUT,
    /** The plugin was not running or the connection failed ({@code UNAVAILABLE}, {@code CANCELLED}). */
    UNAVAILABLE,
    /** A message exceeded the size limit ({@code RESOURCE_EXHAUSTED}). */
    TOO_LARGE,
    /** The plugin answered with an error (any other status). */
    ERROR;

    private final String tag = name().toLowerCase(Locale.ROOT);

    /** The lower-case name, e.g. {@code too_large}: the value of a metric tag. */
    public String tag() {
        return tag;
    }
}
