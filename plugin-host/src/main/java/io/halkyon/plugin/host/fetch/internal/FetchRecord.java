package io.halkyon.plugin.host.fetch.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one successful fetch left, as stored under {@code .halkyon-fetch/}: the reference as
 * written, the artifact's SHA-256, and each file installed in the plugins directory (a plain
 * name at its top level) with its own SHA-256, which the cache checks at every start.
 *
 * <pre>
 * reference=acme/pg@v1
 * sha256=&lt;artifact digest&gt;
 * file=&lt;file digest&gt; pg-plugin
 * </pre>
 *
 * @param files file name to SHA-256, in the order installed
 */
record FetchRecord(String reference, String sha256, Map<String, String> files) {

    private static final String REFERENCE = "reference=";
    private static final String SHA256 = "sha256=";
    private static final String FILE = "file=";
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern FILE_LINE = Pattern.compile("([0-9a-f]{64}) (.+)");

    FetchRecord {
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }

    List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add(REFERENCE + reference);
        lines.add(SHA256 + sha256);
        files.forEach((name, digest) -> lines.add(FILE + digest + " " + name));
        return lines;
    }

    /**
     * Reads a record's lines.
     *
     * @throws IllegalArgumentException saying what is wrong (a record of an earlier version, without
     *                                  file digests, is one)
     */
    static FetchRecord parse(List<String> lines) {
        if (lines.size() < 3 || !lines.get(0).startsWith(REFERENCE) || !lines.get(1).startsWith(SHA256)
                || !HEX.matcher(lines.get(1).substring(SHA256.length())).matches()) {
            throw new IllegalArgumentException("it is not a fetch record");
        }
        Map<String, String> files = new LinkedHashMap<>();
        for (String line : lines.subList(2, lines.size())) {
            Matcher m = line.startsWith(FILE) ? FILE_LINE.matcher(line.substring(FILE.length())) : null;
            if (m == null || !m.matches()) {
                throw new IllegalArgumentException("it lists files without their SHA-256 (written by an earlier"
                        + " version)");
            }
            if (m.group(2).contains("/") || PathRules.segmentProblem(m.group(2)) != null) {
                throw new IllegalArgumentException("it lists " + LogText.quote(m.group(2)) + ", not a plain file name");
            }
            files.put(m.group(2), m.group(1));
        }
        return new FetchRecord(lines.get(0).substring(REFERENCE.length()), lines.get(1).substring(SHA256.length()),
                files);
    }
}
