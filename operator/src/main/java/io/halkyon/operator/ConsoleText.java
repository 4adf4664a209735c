package io.halkyon.operator;

/**
 * Text a plugin wrote (an error message quoting its stderr or stray stdout), made fit for one line
 * of a terminal or a table: its lines joined with {@code " | "}, and every other control or format
 * character replaced by a space, so a hostile plugin cannot move the cursor, recolour or rewrite
 * what the CLI prints (escape sequences start with ESC, a control character).
 */
public final class ConsoleText {

    private ConsoleText() {
    }

    /** {@code text} as one printable line; null gives the empty string. */
    public static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        String joined = text.strip().replaceAll("\\s*\\R\\s*", " | ");
        StringBuilder line = new StringBuilder(joined.length());
        joined.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT) {
                line.append(' ');
            } else {
                line.appendCodePoint(cp);
            }
        });
        return line.toString();
    }
}
