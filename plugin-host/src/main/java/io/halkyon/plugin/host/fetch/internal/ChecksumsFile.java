package io.halkyon.plugin.host.fetch.internal;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A release's checksums file: lines {@code <sha256>  <file name>} (sha256sum's format, {@code *} for binary mode). */
final class ChecksumsFile {

    // Matched against a stripped line: no trailing \s* after a lazy group, whose backtracking over a
    // long run of blanks a hostile file could make quadratic.
    private static final Pattern LINE = Pattern.compile("([0-9a-fA-F]{64})\\s+\\*?(.+)");

    private ChecksumsFile() {
    }

    /** The digest listed for {@code fileName} (lowercase). */
    static Optional<String> digestOf(String text, String fileName) {
        for (String line : text.split("\\R")) {
            Matcher m = LINE.matcher(line.strip());
            if (!m.matches()) {
                continue;
            }
            String name = m.group(2);
            if (name.startsWith("./")) {
                name = name.substring(2);
            }
            if (name.equals(fileName)) {
                return Optional.of(m.group(1).toLowerCase(Locale.ROOT));
            }
        }
        return Optional.empty();
    }
}
