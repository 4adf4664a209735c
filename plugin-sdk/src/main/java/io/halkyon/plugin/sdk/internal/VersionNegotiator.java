package io.halkyon.plugin.sdk.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Picks the app protocol version as go-plugin does: the highest version present both in the
 * plugin's own set and in {@code PLUGIN_PROTOCOL_VERSIONS}. Without that variable (or with
 * it empty) the plugin's own highest version is used.
 */
public final class VersionNegotiator {

    private VersionNegotiator() {
    }

    /**
     * @param own     the plugin's versions; not empty
     * @param offered the raw value of {@code PLUGIN_PROTOCOL_VERSIONS}, may be null
     * @param warn    receives a message for each entry that is not an integer (skipped, as go-plugin does)
     * @return the chosen version
     * @throws NoCommonVersionException naming both sets when nothing matches
     */
    public static int negotiate(List<Integer> own, String offered, Consumer<String> warn) {
        if (own.isEmpty()) {
            throw new IllegalArgumentException("the plugin declares no app protocol version");
        }
        TreeSet<Integer> mine = new TreeSet<>(own);
        if (offered == null || offered.isBlank()) {
            return mine.last();
        }
        List<Integer> theirs = parse(offered, warn);
        int best = -1;
        for (int version : theirs) {
            if (mine.contains(version) && version > best) {
                best = version;
            }
        }
        if (best < 0) {
            throw new NoCommonVersionException("no app protocol version in common: the host offers " + theirs
                    + " (PLUGIN_PROTOCOL_VERSIONS=" + offered + "), the plugin speaks " + List.copyOf(mine));
        }
        return best;
    }

    static List<Integer> parse(String offered, Consumer<String> warn) {
        List<Integer> versions = new ArrayList<>();
        for (String part : offered.split(",")) {
            String text = part.trim();
            if (text.isEmpty()) {
                continue;
            }
            try {
                versions.add(Integer.parseInt(text));
            } catch (NumberFormatException e) {
                warn.accept("ignoring '" + text + "' in PLUGIN_PROTOCOL_VERSIONS=" + offered + ": not an integer");
            }
        }
        return versions;
    }

    /** No version is both offered by the host and spoken by the plugin. */
    public static final class NoCommonVersionException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoCommonVersionException(String message) {
            super(message);
        }
    }
}
