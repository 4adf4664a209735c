package io.halkyon.operator.reconcile;

import java.nio.charset.StandardCharsets;

/**
 * One Kubernetes Event to write about a Capability. The message often carries a plugin's words, so
 * it is made safe here: control characters become spaces, invisible format characters (bidi
 * overrides, zero-width characters) are dropped, and it keeps at most {@value #MAX_MESSAGE_BYTES}
 * bytes of UTF-8 (the API server's limit for an Event's note), cut between characters and saying
 * how many characters were left out.
 *
 * @param type    {@link #NORMAL} or {@link #WARNING}
 * @param reason  one of the reasons docs/admin-guide.md lists (never plugin text)
 * @param message what happened
 */
record CapabilityEvent(String type, String reason, String message) {

    static final String NORMAL = "Normal";
    static final String WARNING = "Warning";
    /** The API server keeps at most 1 KiB of an Event's note. */
    static final int MAX_MESSAGE_BYTES = 1024;
    /** Room kept for the note of what was cut. */
    private static final int CUT_NOTE_BYTES = 40;

    CapabilityEvent {
        message = bounded(message);
    }

    static CapabilityEvent normal(String reason, String message) {
        return new CapabilityEvent(NORMAL, reason, message);
    }

    static CapabilityEvent warning(String reason, String message) {
        return new CapabilityEvent(WARNING, reason, message);
    }

    /** {@code text} without control or format characters, within {@value #MAX_MESSAGE_BYTES} bytes. */
    static String bounded(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder clean = new StringBuilder(Math.min(text.length(), 2 * MAX_MESSAGE_BYTES));
        text.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)) {
                clean.append(' ');
            } else if (Character.getType(cp) != Character.FORMAT) {
                clean.appendCodePoint(cp);
            }
        });
        String safe = clean.toString();
        if (safe.getBytes(StandardCharsets.UTF_8).length <= MAX_MESSAGE_BYTES) {
            return safe;
        }
        StringBuilder kept = new StringBuilder();
        int bytes = 0;
        int index = 0;
        while (index < safe.length()) {
            int cp = safe.codePointAt(index);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > MAX_MESSAGE_BYTES - CUT_NOTE_BYTES) {
                break;
            }
            kept.appendCodePoint(cp);
            bytes += size;
            index += Character.charCount(cp);
        }
        return kept + "... (" + safe.codePointCount(index, safe.length()) + " more characters)";
    }
}
