package io.halkyon.plugin.host.remote.internal;

import io.grpc.Status;
import io.halkyon.plugin.host.fetch.internal.LogText;
import java.util.Locale;

/** The {@code code} of a stream's {@code error} message as a gRPC status (docs/protocol.md, 14.3). */
final class ErrorCodes {

    /** Longest message kept from a plugin's error. */
    static final int MAX_MESSAGE = 4096;

    private ErrorCodes() {
    }

    /**
     * {@code NOT_FOUND}, Go's {@code NotFound} and {@code 5} all give NOT_FOUND; anything else is
     * UNKNOWN with the code kept in the description.
     */
    static Status status(String code, String message) {
        String text = LogText.escape(message == null ? "" : message, MAX_MESSAGE);
        Status.Code parsed = parse(code == null ? "" : code);
        if (parsed == null) {
            return Status.UNKNOWN.withDescription((code.isEmpty() ? "" : "[" + LogText.escape(code, 64) + "] ") + text);
        }
        return Status.fromCode(parsed).withDescription(text);
    }

    private static Status.Code parse(String code) {
        String trimmed = code.trim();
        if (trimmed.matches("\\d{1,2}")) {
            int value = Integer.parseInt(trimmed);
            return value < Status.Code.values().length ? Status.Code.values()[value] : null;
        }
        String key = trimmed.replace("_", "").toUpperCase(Locale.ROOT);
        for (Status.Code c : Status.Code.values()) {
            if (c != Status.Code.OK && c.name().replace("_", "").equals(key)) {
                return c;
            }
        }
        return null;
    }
}
