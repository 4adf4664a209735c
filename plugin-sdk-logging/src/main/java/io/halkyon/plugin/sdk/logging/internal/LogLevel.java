package io.halkyon.plugin.sdk.logging.internal;

import java.util.Locale;

/** hclog's levels, in order, plus {@link #OFF}. */
public enum LogLevel {
    TRACE("trace"), DEBUG("debug"), INFO("info"), WARN("warn"), ERROR("error"), OFF("off");

    private final String wireName;

    LogLevel(String wireName) {
        this.wireName = wireName;
    }

    /** The name written in {@code @level}. */
    public String wireName() {
        return wireName;
    }

    /** Whether an event at {@code event} passes a threshold of {@code this}. */
    public boolean allows(LogLevel event) {
        return this != OFF && event != OFF && event.ordinal() >= ordinal();
    }

    /**
     * Parses a level name (case-insensitive; {@code warning} and {@code err} accepted too).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static LogLevel parse(String text) {
        String name = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        switch (name) {
            case "trace": return TRACE;
            case "debug": return DEBUG;
            case "info": return INFO;
            case "warn": case "warning": return WARN;
            case "error": case "err": return ERROR;
            case "off": return OFF;
            default:
                throw new IllegalArgumentException("unknown log level '" + text
                        + "': expected trace, debug, info, warn, error or off");
        }
    }

    public static LogLevel fromSlf4j(org.slf4j.event.Level level) {
        switch (level) {
            case TRACE: return TRACE;
            case DEBUG: return DEBUG;
            case INFO: return INFO;
            case WARN: return WARN;
            default: return ERROR;
        }
    }
}
