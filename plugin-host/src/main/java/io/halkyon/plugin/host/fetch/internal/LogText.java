package io.halkyon.plugin.host.fetch.internal;

/**
 * Text that came from a plugin source or a plugin (a tarball entry name, a {@code Location}
 * header, an exception message quoting a server, a plugin process's command line) or from a
 * reference not yet checked, made safe for one log line: control, format and line-separator characters (and lone surrogates) are written as
 * {@code \}{@code uXXXX}, and long text is cut. The same characters are the ones
 * {@link #hasUnsafe} finds, which names and references refuse.
 */
public final class LogText {

    /** Longest text quoted as it is; the rest is replaced by its length. */
    static final int MAX_QUOTED = 256;
    private static final java.util.regex.Pattern CREDENTIALS = java.util.regex.Pattern.compile("://[^/@\\s]*@");

    private LogText() {
    }

    /** {@code text} between single quotes, escaped and cut as described above. */
    public static String quote(String text) {
        return "'" + escape(text) + "'";
    }

    /** {@code text} escaped and cut as described above, without quotes. */
    public static String escape(String text) {
        return escape(text, MAX_QUOTED);
    }

    /** {@code text} escaped as described above, cut after {@code max} characters. */
    public static String escape(String text, int max) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_QUOTED) + 16);
        int shown = 0;
        for (int i = 0; i < text.length() && shown < max; shown++) {
            int cp = text.codePointAt(i);
            if (unsafe(cp)) {
                out.append(cp <= 0xffff ? String.format("\\u%04x", cp) : String.format("\\u{%x}", cp));
            } else {
                out.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        if (shown < text.codePointCount(0, text.length())) {
            out.append("... (").append(text.length()).append(" characters)");
        }
        return out.toString();
    }

    /** {@code text} with the user information of any URL in it ({@code user:token@}) replaced by {@code ***@}. */
    public static String withoutCredentials(String text) {
        return text == null ? null : CREDENTIALS.matcher(text).replaceAll("://***@");
    }

    /** Whether {@code text} holds a character {@link #escape} would escape. */
    public static boolean hasUnsafe(String text) {
        return text.codePoints().anyMatch(LogText::unsafe);
    }

    private static boolean unsafe(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE;
    }
}
